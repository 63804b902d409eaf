"""Small custom Limits trip on ordinary reports in every form, and hostile field values never crash the reader."""
from __future__ import annotations

import hostile_reports as reports
import pytest

from chalicelib.dmarc import ErrorKind, Limits, ReportError, read_message

FORMS = ["xml", "gzip", "zip", "email-gzip", "email-zip"]


def _five_kb_report() -> bytes:
    xml = reports.aggregate_xml(records=12)
    assert 5000 <= len(xml) <= 8000
    return xml


def _limit_kind(data: bytes, limits: Limits) -> ErrorKind:
    outcome = read_message(data, limits)
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    return caught.value.kind


@pytest.mark.parametrize("form", FORMS)
def test_max_report_bytes(form: str) -> None:
    data = reports.forms(_five_kb_report())[form]
    assert _limit_kind(data, Limits(max_report_bytes=1000)) is ErrorKind.LIMIT_EXCEEDED


@pytest.mark.parametrize("form", FORMS)
def test_a_report_under_every_small_limit_still_reads(form: str) -> None:
    limits = Limits(max_report_bytes=10_000, max_total_bytes=20_000, max_message_bytes=20_000, max_zip_members=1,
                    max_mime_parts=3, max_nesting=2, max_records=12, max_text_bytes=100)
    (report,) = read_message(reports.forms(_five_kb_report())[form], limits).require()
    assert len(report.records) == 12


@pytest.mark.parametrize("form", FORMS)
def test_max_message_bytes(form: str) -> None:
    data = reports.forms(_five_kb_report())[form]
    assert _limit_kind(data, Limits(max_message_bytes=len(data) - 1)) is ErrorKind.LIMIT_EXCEEDED


def test_max_total_bytes_across_attachments() -> None:
    attachments = [reports.Attachment(reports.gz(_five_kb_report()), f"r{n}.xml.gz") for n in range(3)]
    outcome = read_message(reports.email_message(attachments), Limits(max_total_bytes=12_000))
    assert len(outcome.reports) <= 2
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


@pytest.mark.parametrize("form", ["xml", "gzip", "zip"])
def test_max_records(form: str) -> None:
    data = reports.forms(_five_kb_report())[form]
    assert _limit_kind(data, Limits(max_records=5)) is ErrorKind.LIMIT_EXCEEDED


@pytest.mark.parametrize("form", ["gzip", "zip"])
def test_max_ratio(form: str) -> None:
    xml = reports.aggregate_xml(records=200)  # ~90 KB that compresses ~100 times
    data = reports.forms(xml)[form]
    assert _limit_kind(data, Limits(max_ratio=5, ratio_grace_bytes=1000)) is ErrorKind.LIMIT_EXCEEDED


@pytest.mark.parametrize("name", [None, "../../../../etc/passwd", "x" * 10_000, "\x00\r\n<script>", "🙂.xml.gz"])
def test_hostile_names_are_only_labels(name: str | None) -> None:
    data = reports.forms(reports.aggregate_xml())["gzip"]
    (report,) = read_message(data, name=name).require()
    assert "root:x:0:0" not in repr(report)


BAD_VALUES = {
    "pct": ["1e999", "nan", "-inf", "9" * 5000, "-1", "101", "0x10", "", "１００"],
    "begin": ["1e999", "nan", "inf", "-9" * 30, "9" * 30, "9" * 5000, "2024-02-30T00:00:00", "0001-01-01", ""],
    "count": ["9" * 5000, "9" * 30, "-5", "1e3", "nan", "", "٣"],
    "source_ip": ["999.1.1.1", "::ffff:192.0.2.1", "fe80::1%eth0", "[2001:db8::1]", "1" * 2000, ""],
}


@pytest.mark.parametrize("field, value", [(f, v) for f, values in BAD_VALUES.items() for v in values])
def test_hostile_values_never_crash(field: str, value: str) -> None:
    record = reports.record_xml(count_xml=value if field == "count" else "3",
                                source_ip_xml=value if field == "source_ip" else None)
    data = reports.aggregate_xml(pct_xml=value if field == "pct" else "100",
                                 begin_xml=value if field == "begin" else str(reports.BEGIN),
                                 record_xmls=[record, reports.record_xml(1)])
    outcome = read_message(data)  # anything but an Outcome fails the test
    try:
        found = outcome.require()
    except ReportError as exc:
        assert isinstance(exc.kind, ErrorKind)
    else:
        assert len(found) == 1
