"""Property: no byte string makes read_message raise anything but ReportError; otherwise it returns a
well-formed Outcome whose require() returns the reports or raises ReportError."""
from __future__ import annotations

import hostile_reports as reports
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.dmarc import AggregateReport, ErrorKind, Limits, ReportError, read_message
from chalicelib.dmarc.reader import Outcome

SETTINGS = settings(deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TIGHT = Limits(max_message_bytes=20_000, max_report_bytes=4_000, max_total_bytes=6_000, max_ratio=20,
               ratio_grace_bytes=500, max_zip_members=2, max_mime_parts=4, max_nesting=2, max_records=2,
               max_text_bytes=40)

_SMALL = reports.aggregate_xml(records=2)
SEEDS = [*reports.forms(_SMALL).values(), reports.gz(reports.gz(_SMALL)),
         reports.zip_of([("a.xml", _SMALL), ("b.xml.gz", reports.gz(_SMALL))])]
TOKENS = [
    b"<!DOCTYPE feedback [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", b"&x;", b"&lt;", b"&#0;", b"&#xD800;",
    b"<![CDATA[", b"]]>", b"<!--", b"-->", b"<?xml version='1.0' encoding='utf-16'?>", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\x00", b"\x1f\x8b\x08", b"PK\x03\x04", b"PK\x05\x06", b"\r\n--=_hostile_boundary_0\r\n",
    b"Content-Type: message/rfc822\r\n\r\n", b"Content-Transfer-Encoding: base64\r\n", b"<record>", b"</record>",
    b"<feedback xmlns='urn:ietf:params:xml:ns:dmarc-2.0'>", b"<count>99999999999999999999999</count>",
    b"<begin>1e999</begin>", b"<pct>nan</pct>", b"1e999", b"-inf", b"<source_ip>::ffff:1.2.3.4</source_ip>",
    b"\xc3\x28",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "truncate", "insert", "token", "delete", "duplicate"]))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[pos: pos + draw(st.integers(1, 64))]
        else:
            data[pos:pos] = data[pos: pos + draw(st.integers(1, 256))]
    return bytes(data)


def check_contract(data: bytes, limits: Limits | None = None) -> None:
    try:
        outcome = read_message(data) if limits is None else read_message(data, limits)
    except ReportError as exc:
        assert isinstance(exc.kind, ErrorKind) and isinstance(exc.message, str)
        return
    assert isinstance(outcome, Outcome)
    assert isinstance(outcome.reports, tuple) and isinstance(outcome.problems, tuple)
    assert all(isinstance(report, AggregateReport) for report in outcome.reports)
    for problem in outcome.problems:
        assert isinstance(problem, ReportError)
        assert isinstance(problem.kind, ErrorKind) and isinstance(problem.message, str)
    try:
        found = outcome.require()
    except ReportError as exc:
        assert outcome.reports == () and isinstance(exc.kind, ErrorKind)
    else:
        assert found == outcome.reports and found


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_keep_the_contract(data: bytes) -> None:
    check_contract(data)


@settings(SETTINGS, max_examples=300)
@given(mutated())
def test_mutated_reports_keep_the_contract(data: bytes) -> None:
    check_contract(data)


@SETTINGS
@given(mutated())
def test_mutated_reports_keep_the_contract_under_tight_limits(data: bytes) -> None:
    check_contract(data, TIGHT)
