"""Nothing dropped silently (fakes): a partly read mail is a failure row, the same mail is one row however often
it is stored, rows carry its file name / Subject / From, filter by period and kind, dismiss, and reprocess a
row whose mail now reads."""
from __future__ import annotations

import dataclasses
import gzip
from datetime import UTC, date, datetime
from email.message import EmailMessage

import pytest

from chalicelib.dmarc.limits import DEFAULT_LIMITS
from chalicelib.errors import NotFound
from chalicelib.ports.ingest import FailureFilter
from chalicelib.services.ingest import mail_digest
from chalicelib.wiring import Container
from local.ses import received
from tests.ingest.reportgen import report, to_mail, to_xml

BUCKET = "aligned-raw-mail"


def many_reports(n: int, domain: str = "example.com", junk: int = 0) -> bytes:
    """A mail from google.com, as SES stores it, with n report attachments (and `junk` attachments that are no
    report)."""
    msg = EmailMessage()
    msg["From"] = "=?utf-8?b?5aCx5ZGK?= <noreply@google.com>"
    msg["Subject"] = f"Reports for {domain}"
    msg.set_content("reports attached")
    for i in range(n):
        msg.add_attachment(gzip.compress(to_xml(report(f"r{i}", domain=domain))), maintype="application",
                           subtype="gzip", filename=f"r{i}.xml.gz")
    for i in range(junk):
        msg.add_attachment(b"not xml at all", maintype="application", subtype="octet-stream",
                           filename=f"junk{i}.bin")
    return received(msg.as_bytes(), "google.com")


def deliver(app: Container, data: bytes, key: str, name: str = ""):  # type: ignore[no-untyped-def]
    app.raw_mail.put(BUCKET, key, data)
    return app.ingest.ingest_object(BUCKET, key, name)


def rows(app: Container, where: FailureFilter | None = None) -> list:  # type: ignore[type-arg]
    return list(app.failures.page(100, None, where).items)


def test_a_mail_stopped_by_the_part_limit_is_a_partial_failure_row(app: Container) -> None:
    app.domains.add("example.com")
    app.ingest.limits = dataclasses.replace(DEFAULT_LIMITS, max_mime_parts=6)
    result = deliver(app, many_reports(8), "incoming/big")
    assert result.failure is None and len(result.reports) >= 1  # the reports before the limit are stored
    (row,) = rows(app)
    assert row.kind == "limit_exceeded" and row.reports == len(result.reports) and row.object_key == "incoming/big"
    assert "MIME parts" in row.message and row.subject == "Reports for example.com"
    assert row.sender == "報告 <noreply@google.com>"


def test_a_mail_with_a_part_that_gives_nothing_is_a_partial_failure_row(app: Container) -> None:
    result = deliver(app, many_reports(2, junk=1), "incoming/mixed")
    assert len(result.reports) == 2 and result.problems
    (row,) = rows(app)
    assert row.reports == 2 and row.digest == mail_digest(app.raw_mail.get(BUCKET, "incoming/mixed"))


def test_a_mail_read_in_full_has_no_row(app: Container) -> None:
    deliver(app, many_reports(3), "incoming/fine")
    assert rows(app) == []


def test_the_same_mail_stored_again_is_the_same_row_with_the_latest_key(app: Container) -> None:
    for n in range(3):
        deliver(app, b"junk mail", f"incoming/cli-{n}", name="junk.eml" if n == 0 else "")
    (row,) = rows(app)
    assert row.object_key == "incoming/cli-2" and row.name == "junk.eml"  # the name survives a nameless read
    deliver(app, b"other junk", "incoming/cli-3")
    assert len(rows(app)) == 2


def test_filter_by_period_and_kind(app: Container) -> None:
    days = iter([datetime(2025, 3, 1, 12, tzinfo=UTC), datetime(2025, 3, 5, tzinfo=UTC),
                 datetime(2025, 3, 9, 23, 59, tzinfo=UTC)])
    app.ingest.clock = lambda: next(days)
    deliver(app, b"junk 1", "incoming/a")
    deliver(app, b"", "incoming/b")
    deliver(app, b"junk 3", "incoming/c")
    assert {r.kind for r in rows(app)} == {"not_a_report", "empty"}
    assert [r.object_key for r in rows(app, FailureFilter(kind="not_a_report"))] == ["incoming/c", "incoming/a"]
    assert [r.object_key for r in rows(app, FailureFilter(date(2025, 3, 2), date(2025, 3, 9)))] == [
        "incoming/c", "incoming/b"]
    assert [r.object_key for r in rows(app, FailureFilter(end=date(2025, 3, 1)))] == ["incoming/a"]


def test_dismiss(app: Container) -> None:
    deliver(app, b"junk", "incoming/a")
    (row,) = rows(app)
    app.failure_service.dismiss(row.id)
    assert rows(app) == []
    with pytest.raises(NotFound) as raised:
        app.failure_service.dismiss(row.id)
    assert raised.value.code == "unknown_failure"


def test_reprocess_a_row_whose_mail_now_reads(app: Container) -> None:
    app.domains.add("example.com")
    app.ingest.limits = dataclasses.replace(DEFAULT_LIMITS, max_mime_parts=4)
    deliver(app, many_reports(5), "incoming/big")
    (row,) = rows(app)
    before = row.reports
    app.ingest.limits = DEFAULT_LIMITS  # the limit raised (a new deployment)
    done = app.failure_service.reprocess(row.id)
    assert done.failure is None and done.reports == 5 and before < 5
    assert rows(app) == []
    assert sum(f.count for f in app.rollups.facts("example.com", date(2000, 1, 1), date(2100, 1, 1))) == \
        5 * report("x").message_count


def test_reprocess_a_row_that_still_fails_keeps_it(app: Container) -> None:
    deliver(app, b"junk", "incoming/a", name="a.eml")
    (row,) = rows(app)
    done = app.failure_service.reprocess(row.id)
    assert done.failure is not None and done.failure.name == "a.eml" and len(rows(app)) == 1


def test_reprocess_of_a_missing_object_row(app: Container) -> None:
    app.ingest.ingest_object(BUCKET, "incoming/late")
    (row,) = rows(app)
    assert row.kind == "missing_object"
    with pytest.raises(NotFound) as raised:
        app.failure_service.reprocess(row.id)
    assert raised.value.code == "raw_mail_gone"
    app.raw_mail.put(BUCKET, "incoming/late", to_mail(report("late")))
    assert app.failure_service.reprocess(row.id).failure is None
    assert rows(app) == []


def test_cli_reprocess_records_and_clears_rows_like_ingest(app: Container) -> None:
    app.raw_mail.put(BUCKET, "incoming/a", b"junk")
    app.raw_mail.put(BUCKET, "incoming/b", many_reports(2, junk=1))
    app.reprocess.run(BUCKET, "incoming/")
    assert sorted(r.reports for r in rows(app)) == [0, 2]
    app.reprocess.run(BUCKET, "incoming/")
    assert len(rows(app)) == 2
