"""The ingest use case end to end over real adapters (moto S3; moto and dynalite DynamoDB): each report
counted once, however often and however interrupted it is delivered."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import wiring
from chalicelib.analysis.daily import facts_by_day
from chalicelib.ports.ingest import Status
from chalicelib.services.ingest import Verdict
from chalicelib.settings import Settings
from tests.ingest.helpers import day_totals, put_mail
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def expected_totals(r):  # type: ignore[no-untyped-def]
    return {day: sum(f.count for f in facts) for day, facts in facts_by_day(r).items()}


@pytest.fixture
def registered(stack: Settings) -> Settings:
    wiring.container().domains.add("example.com")
    return stack


def ingest(key: str):  # type: ignore[no-untyped-def]
    return wiring.ingest_object(wiring.config().raw_mail.bucket, key)


def test_same_report_delivered_ten_times_counts_once(registered: Settings) -> None:
    r = report(records=30, count=4)
    keys = [put_mail(r) for _ in range(10)]
    verdicts = [ingest(k).reports[0].verdict for k in keys]
    assert verdicts == [Verdict.INGESTED] + [Verdict.DUPLICATE] * 9
    assert ingest(keys[0]).reports[0].verdict is Verdict.INGESTED  # a retry of the first object
    assert day_totals("example.com", D, D) == {D: 120}


def test_multi_day_report_is_split(registered: Settings) -> None:
    r = report(records=10, count=4, begin=DAY0 + timedelta(hours=12), days=2)  # 12 h, 24 h, 12 h
    ingest(put_mail(r))
    assert day_totals("example.com", D, D + timedelta(days=5)) == {
        D: 10, D + timedelta(days=1): 20, D + timedelta(days=2): 10}


def test_one_message_records_are_split_over_the_days_as_a_whole(registered: Settings) -> None:
    r = report(records=200, count=1, begin=DAY0 + timedelta(hours=18), days=1)  # 6 h, then 18 h - 1 s
    ingest(put_mail(r))
    assert day_totals("example.com", D, D + timedelta(days=5)) == {D: 50, D + timedelta(days=1): 150}


@pytest.mark.parametrize("crash_at", ["first_merge", "second_merge", "status"])
def test_crash_between_writes_then_retry(registered: Settings, crash_at: str) -> None:
    service = wiring.ingest_service()
    r = report(records=8, count=3, begin=DAY0 + timedelta(hours=12), days=1)  # two days, 12 units each
    key = put_mail(r)
    calls = {"merge": 0}
    real_merge, real_status = service.rollups.merge, service.reports.set_status

    def merge(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["merge"] += 1
        if (crash_at, calls["merge"]) in (("first_merge", 1), ("second_merge", 2)):
            raise ConnectionError("injected")
        return real_merge(*args, **kwargs)

    def set_status(*args, **kwargs):  # type: ignore[no-untyped-def]
        if crash_at == "status":
            raise ConnectionError("injected")
        return real_status(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch, pytest.raises(ConnectionError):
        patch.setattr(service.rollups, "merge", merge)
        patch.setattr(service.reports, "set_status", set_status)
        ingest(key)
    assert ingest(key).reports[0].verdict is Verdict.INGESTED
    assert ingest(put_mail(r)).reports[0].verdict is Verdict.DUPLICATE
    totals = day_totals("example.com", D, D + timedelta(days=2))
    assert sum(totals.values()) == 24 and totals == expected_totals(r)
    stored = service.reports.get(service.reports.by_domain("example.com").__next__().key)
    assert stored is not None and stored.status is Status.APPLIED


def test_unclaimed_until_registered(stack: Settings) -> None:
    r = report(records=5, count=2, domain="new.example")
    result = ingest(put_mail(r))
    assert result.reports[0].verdict is Verdict.UNCLAIMED
    assert day_totals("new.example", D, D) == {}
    wiring.container().domains.add("new.example")
    assert wiring.reprocess_service().claim("new.example") == 1
    assert day_totals("new.example", D, D) == {D: 10}
    assert wiring.reprocess_service().claim("new.example") == 1  # idempotent
    assert day_totals("new.example", D, D) == {D: 10}
    assert ingest(put_mail(r)).reports[0].verdict is Verdict.DUPLICATE
    assert day_totals("new.example", D, D) == {D: 10}


def test_failures_are_recorded_not_raised(stack: Settings) -> None:
    bad = ingest(put_mail(b"Subject: hello\r\n\r\njust text\r\n"))
    missing = ingest("incoming/never-written")
    assert bad.failure is not None and bad.failure.kind == "not_a_report"
    assert missing.failure is not None and missing.failure.kind == "missing_object"
    listed = wiring.failures().page(10).items
    assert {f.object_key for f in listed} == {bad.object_key, "incoming/never-written"}


def test_records_without_verdicts_are_computed_or_unknown_end_to_end(registered: Settings) -> None:
    from dataclasses import replace

    base = report(records=3, count=5)
    computed = replace(base.records[1], spf_aligned=None)  # <spf> left out; SPF passed for bounce2.example.com
    unknown = replace(base.records[0], dkim_aligned=None, spf_aligned=None, dkim=(), spf=())
    r = replace(base, records=(computed, unknown, base.records[2]))
    outcome = ingest(put_mail(r)).reports[0]
    assert outcome.verdict is Verdict.INGESTED
    stored = wiring.ingest_service().reports.load(outcome.key)
    assert [(x.dkim_aligned, x.spf_aligned) for x in stored.records][:2] == [(True, True), (None, None)]
    facts = list(wiring.ingest_service().rollups.facts("example.com", D, D))
    assert sum(f.count for f in facts if f.unknown) == 5
    assert sum(f.count for f in facts) == 15
