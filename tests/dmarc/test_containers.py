"""Containers are recognised by their bytes, whatever their names or declared types say."""
from __future__ import annotations

import base64
import gzip
from email.message import EmailMessage

import pytest

from chalicelib.dmarc import ErrorKind, read_message
from tests.dmarc.builders import email_with, gz, record, report, zipped

XML = report(record(count=2))


def counts(data: bytes) -> list[int]:
    return [r.message_count for r in read_message(data).require()]


def test_bare_xml_gzip_and_double_gzip() -> None:
    assert counts(XML) == counts(gz(XML)) == counts(gz(gz(XML))) == [2]


def test_gzip_with_trailing_bytes_like_mimecast() -> None:
    assert counts(gz(XML) + b"\r\n") == [2]


def test_concatenated_gzip_members() -> None:
    half = len(XML) // 2
    assert counts(gzip.compress(XML[:half]) + gzip.compress(XML[half:])) == [2]


def test_zip_with_folders_macosx_junk_and_several_members() -> None:
    data = zipped({"reports/a.xml": XML, "__MACOSX/reports/._a.xml": b"\x00\x05junk",
                   "b.xml.gz": gz(report(record(count=5), report_id="r-2")), ".DS_Store": b"x"})
    assert sorted(counts(data)) == [2, 5]


def test_zip_in_zip_is_unpacked_within_the_nesting_limit() -> None:
    assert counts(zipped({"inner.zip": zipped({"r.xml": XML})})) == [2]


@pytest.mark.parametrize("ctype", ["application/gzip", "application/x-gzip", "application/octet-stream",
                                   "application/zip", "text/xml"])
def test_email_attachment_decided_by_bytes_not_declared_type(ctype: str) -> None:
    payload = zipped({"r.xml": XML}) if ctype == "text/xml" else gz(XML)  # deliberately mismatched for text/xml
    assert counts(email_with([("google.com!example.com!1!2.xml.gz", ctype, payload)])) == [2]


def test_attachment_without_filename() -> None:
    assert counts(email_with([(None, "application/gzip", gz(XML))])) == [2]


def test_single_part_base64_body_and_quoted_printable_xml() -> None:
    msg = EmailMessage()
    msg["Subject"] = "Report Domain: example.com Submitter: kddi.com"
    msg.set_content(gz(XML), maintype="application", subtype="gzip")
    assert counts(msg.as_bytes()) == [2]
    qp = (b"Subject: r\r\nMIME-Version: 1.0\r\nContent-Type: text/xml\r\n"
          b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + XML.replace(b"=", b"=3D"))
    assert counts(qp) == [2]


def test_multipart_report_and_forwarded_message_rfc822() -> None:
    inner = email_with([("r.xml.gz", "application/gzip", gz(XML))])
    raw = (b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=dmarc; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B\r\nContent-Type: message/rfc822\r\n\r\n"
           + inner + b"\r\n--B--\r\n")
    assert counts(raw) == [2]


def test_failure_reports_are_recognised_and_tls_reports_read() -> None:
    arf = (b"Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; "
           b"boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nfail\r\n--B\r\n"
           b"Content-Type: message/feedback-report\r\n\r\nFeedback-Type: auth-failure\r\n\r\n--B--\r\n")
    assert read_message(arf).main_problem().kind is ErrorKind.FAILURE_REPORT
    broken = b'{"organization-name": "Google", "policies": []}'
    assert read_message(broken).main_problem().kind is ErrorKind.INVALID_REPORT
    tls = (b'{"organization-name": "Google", "report-id": "r", "date-range": {"start-datetime": "2026-01-01T00:00:00Z",'
           b' "end-datetime": "2026-01-01T23:59:59Z"}, "policies": [{"policy": {"policy-type": "sts", '
           b'"policy-domain": "example.com"}, "summary": {"total-successful-session-count": 1, '
           b'"total-failure-session-count": 0}}]}')
    for data in (tls, gz(tls)):
        outcome = read_message(data)
        assert len(outcome.tls) == 1 and not outcome.reports and not outcome.problems
        assert outcome.main_problem().kind is ErrorKind.TLS_REPORT  # require() still wants aggregate reports


@pytest.mark.parametrize(("data", "kind"), [
    (b"", ErrorKind.EMPTY), (b"   \r\n", ErrorKind.EMPTY), (b"\x00\x01\x02garbage", ErrorKind.NOT_A_REPORT),
    (b"BZh91AY&SY", ErrorKind.UNSUPPORTED_CONTAINER), (b"<html><body>hi</body></html>", ErrorKind.NOT_A_REPORT),
    (gz(XML)[:40], ErrorKind.MALFORMED), (b"<feedback><report_metadata>", ErrorKind.INVALID_REPORT),
])
def test_bad_input_gets_a_clear_error(data: bytes, kind: ErrorKind) -> None:
    outcome = read_message(data)
    assert not outcome.reports
    problem = outcome.main_problem()
    assert problem.kind is kind, problem
    assert len(problem.message) > 10


def test_broken_base64_attachment_is_an_error_not_a_crash() -> None:
    good = email_with([("r.xml.gz", "application/gzip", gz(XML))])
    encoded = base64.b64encode(gz(XML))
    broken = good.replace(encoded[:60], b"!!!!" + encoded[4:60]) if encoded[:60] in good else good[:-200]
    outcome = read_message(broken)
    assert outcome.reports or outcome.problems


def test_one_good_and_one_bad_attachment_keeps_the_report_and_notes_the_other() -> None:
    data = email_with([("a.xml.gz", "application/gzip", gz(XML)), ("b.zip", "application/zip", b"\xf3\xa5junk")])
    outcome = read_message(data)
    assert [r.message_count for r in outcome.reports] == [2]
    assert [p.kind for p in outcome.problems] == [ErrorKind.MALFORMED]
