"""Hostile e-mail: broken base64, too many MIME parts, and MIME structures nested thousands deep."""
from __future__ import annotations

import base64
import time

import hostile_reports as reports
import pytest

from chalicelib.dmarc import ErrorKind, Limits, ReportError, read_message

FAST_SECONDS = 5.0


def _broken_base64(payload: bytes) -> bytes:
    """The attachment's base64 with its middle replaced by characters outside the alphabet and a bad padding."""
    lines = reports.base64_lines(payload).split(b"\r\n")
    middle = len(lines) // 2
    lines[middle] = b"@@##!!**" * 9 + b"=="
    lines[middle + 1] = lines[middle + 1][:-3] + b"=A="
    return b"\r\n".join(lines)


def _compressed_report() -> bytes:
    return reports.gz(reports.aggregate_xml(records=60))


def test_broken_base64_attachment_yields_no_report() -> None:
    attachment = reports.Attachment(_compressed_report(), body=_broken_base64(_compressed_report()))
    outcome = read_message(reports.email_message([attachment]))
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    assert caught.value.kind in (ErrorKind.MALFORMED, ErrorKind.NOT_A_REPORT)


def test_broken_base64_attachment_next_to_a_good_one() -> None:
    broken = reports.Attachment(_compressed_report(), "broken.xml.gz",
                                body=_broken_base64(_compressed_report()))
    good = reports.Attachment(reports.gz(reports.aggregate_xml(report_id="good-one")), "good.xml.gz")
    outcome = read_message(reports.email_message([broken, good]))
    assert [report.metadata.report_id for report in outcome.reports] == ["good-one"]
    assert outcome.problems, "the broken attachment should be listed as a problem"


def test_base64_of_garbage_only() -> None:
    attachment = reports.Attachment(b"", body=b"!!!!\r\n@@@@\r\n====\r\n")
    outcome = read_message(reports.email_message([attachment]))
    assert outcome.reports == ()
    with pytest.raises(ReportError):
        outcome.require()


def _many_parts(count: int) -> bytes:
    attachments = [reports.Attachment(b"hello", f"note{n}.txt", "text/plain") for n in range(count)]
    return reports.email_message(attachments)


@pytest.mark.parametrize("count", [Limits().max_mime_parts + 1, 5000])
def test_more_mime_parts_than_allowed(count: int) -> None:
    start = time.perf_counter()
    outcome = read_message(_many_parts(count))
    assert time.perf_counter() - start < FAST_SECONDS
    assert outcome.reports == ()
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def test_mime_part_limit_is_configurable() -> None:
    good = reports.Attachment(reports.gz(reports.aggregate_xml()))
    notes = [reports.Attachment(b"hello", f"note{n}.txt", "text/plain") for n in range(10)]
    outcome = read_message(reports.email_message([*notes, good]), Limits(max_mime_parts=5))
    assert outcome.reports == ()
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


@pytest.mark.slow
def test_200k_mime_parts_are_refused_in_bounded_time() -> None:
    """A 10 MB message (well under max_message_bytes) made of 200,000 tiny parts."""
    boundary = "b"
    part = f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n".encode()
    data = (f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode()
            + part * 200_000 + f"--{boundary}--\r\n".encode())
    start = time.process_time()  # this process's CPU time: other work on the machine does not count
    outcome = read_message(data)
    assert time.process_time() - start < 10.0
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def _nested_multipart(depth: int, leaf: bytes) -> bytes:
    head = [b"From: a@receiver.example\r\nMIME-Version: 1.0\r\n"]
    for level in range(depth):
        head.append(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode())
    leaf_part = (b"Content-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n"
                 b'Content-Disposition: attachment; filename="r.xml.gz"\r\n\r\n' + reports.base64_lines(leaf))
    tail = [f"\r\n--b{level}--\r\n".encode() for level in reversed(range(depth))]
    return b"".join(head) + leaf_part + b"".join(tail)


def _nested_rfc822(depth: int, leaf: bytes) -> bytes:
    wrapper = (b"From: a@receiver.example\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n")
    inner = (b"From: a@receiver.example\r\nMIME-Version: 1.0\r\nContent-Type: application/gzip\r\n"
             b"Content-Transfer-Encoding: base64\r\n\r\n" + reports.base64_lines(leaf))
    return wrapper * depth + inner


@pytest.mark.parametrize("build", [_nested_multipart, _nested_rfc822], ids=["multipart", "message-rfc822"])
def test_mime_nested_3000_deep_is_no_recursion_error(build) -> None:  # type: ignore[no-untyped-def]
    data = build(3000, reports.gz(reports.aggregate_xml()))
    start = time.perf_counter()
    outcome = read_message(data)  # a RecursionError escaping here fails the test
    assert time.perf_counter() - start < FAST_SECONDS
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED


def test_message_rfc822_nested_beyond_max_nesting() -> None:
    """Limits.max_nesting counts "message/rfc822 in a message" as one level of container."""
    data = _nested_rfc822(Limits().max_nesting + 6, reports.gz(reports.aggregate_xml()))
    outcome = read_message(data)
    assert outcome.reports == ()
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def test_multipart_nested_50_deep_is_read_or_limited() -> None:
    """Plain multipart nesting is MIME structure, not a container: reading through it is fine, so is a limit."""
    outcome = read_message(_nested_multipart(50, reports.gz(reports.aggregate_xml())))
    if not outcome.reports:
        assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def test_base64_attachment_larger_than_the_message_limit() -> None:
    payload = base64.b64encode(b"\x1f\x8b" + b"x" * 3000)
    data = reports.email_message([reports.Attachment(b"", body=payload)])
    with pytest.raises(ReportError) as caught:
        read_message(data, Limits(max_message_bytes=2000)).require()
    assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED
