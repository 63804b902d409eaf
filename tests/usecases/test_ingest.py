"""Ingest and reprocess on fakes: each report counted once however often it is delivered, multi-day reports
split by day, failures recorded, reports of unregistered domains claimed when the domain is added."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.ports.ingest import Status
from chalicelib.services.ingest import Verdict
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report, to_mail

D = DAY0.date()
BUCKET = "aligned-raw-mail"


def _deliver(app: Container, data: bytes, key: str):  # type: ignore[no-untyped-def]
    app.raw_mail.put(BUCKET, key, data)
    return app.ingest_object(BUCKET, key)


def _totals(app: Container, start=D, end=D + timedelta(days=5)):  # type: ignore[no-untyped-def]
    out: dict = {}
    for f in app.rollups.facts("example.com", start, end):
        out[f.day] = out.get(f.day, 0) + f.count
    return out


def test_ten_deliveries_count_once(app: Container) -> None:
    app.domains.add("example.com")
    mail = to_mail(report(records=30, count=4))
    verdicts = [_deliver(app, mail, f"incoming/m{i}").reports[0].verdict for i in range(10)]
    assert verdicts == [Verdict.INGESTED] + [Verdict.DUPLICATE] * 9
    assert app.ingest_object(BUCKET, "incoming/m0").reports[0].verdict is Verdict.INGESTED  # a retry
    assert _totals(app) == {D: 120}


def test_multi_day_report_is_split(app: Container) -> None:
    app.domains.add("example.com")
    _deliver(app, to_mail(report(records=10, count=4, begin=DAY0 + timedelta(hours=12), days=2)), "incoming/a")
    assert _totals(app) == {D: 10, D + timedelta(days=1): 20, D + timedelta(days=2): 10}


def test_junk_is_a_failure_and_a_missing_object_too(app: Container) -> None:
    assert _deliver(app, b"junk", "incoming/junk").failure is not None
    assert app.ingest_object(BUCKET, "incoming/never-written").failure is not None
    assert sorted(f.object_key for f in app.failures.page(10).items) == ["incoming/junk", "incoming/never-written"]


def test_unregistered_reports_are_claimed_when_the_domain_is_added(app: Container) -> None:
    result = _deliver(app, to_mail(report(records=5, count=2)), "incoming/early")
    (outcome,) = result.reports
    assert app.reports.get(outcome.key).status is Status.UNCLAIMED  # type: ignore[union-attr]
    assert _totals(app) == {}
    app.domains.add("example.com")
    assert app.reprocess.claim("example.com") == 1
    assert app.reprocess.claim("example.com") == 1  # idempotent
    assert _totals(app) == {D: 10}


def test_reprocess_changes_nothing_twice(app: Container) -> None:
    app.domains.add("example.com")
    for i in range(4):
        _deliver(app, to_mail(report(f"p{i}", records=3, count=2, begin=DAY0 + timedelta(hours=i))), f"incoming/p{i}")
    before = _totals(app)
    for _ in range(2):
        summary = app.reprocess.run(BUCKET, "incoming/", domain="example.com")
        assert summary.objects == 4 and summary.changed == 0
    assert _totals(app) == before


def test_a_report_of_an_unregistered_domain_is_unclaimed_every_time_it_arrives(app: Container) -> None:
    mail = to_mail(report("u", domain="later.example"))
    verdicts = [_deliver(app, mail, f"incoming/u{i}").reports[0].verdict for i in range(3)]
    assert verdicts == [Verdict.UNCLAIMED] * 3  # not "duplicate": the operator must see why nothing counts
    app.domains.add("later.example")
    assert _deliver(app, mail, "incoming/u3").reports[0].verdict is Verdict.DUPLICATE  # merged by this delivery
    assert sum(f.count for f in app.rollups.facts("later.example", D, D + timedelta(days=2))) == 3
