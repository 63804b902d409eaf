"""The storage contract, against moto and a real dynalite process: reports (inline and chunked), day
rollups (merge, idempotency, overflow, conditional replace), domains, failures and their paging."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.analysis.daily import report_facts
from chalicelib.services.ports import DayState, Failure, Status
from chalicelib.settings import Settings
from chalicelib.storage import factcodec
from chalicelib.storage import rollups as rollups_module
from chalicelib.storage.domains import DynamoDomains
from chalicelib.storage.failures import DynamoFailures
from chalicelib.storage.reports import DynamoReports
from chalicelib.storage.rollups import DynamoRollups
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def test_report_round_trip_inline(stack: Settings) -> None:
    repo, r = DynamoReports(stack.tables.reports), report(records=20)
    assert repo.create("k1", r, "incoming/a", Status.PENDING)
    assert not repo.create("k1", r, "incoming/b", Status.PENDING)
    stored = repo.get("k1")
    assert stored is not None and stored.raw_key == "incoming/a" and stored.status is Status.PENDING
    assert stored.record_count == 20 and stored.message_count == r.message_count
    assert repo.load("k1") == r
    repo.set_status("k1", Status.APPLIED)
    assert repo.get("k1").status is Status.APPLIED  # type: ignore[union-attr]
    assert repo.get("nope") is None


def test_replace_is_a_no_op_for_equal_content(stack: Settings) -> None:
    repo, r = DynamoReports(stack.tables.reports), report(records=5)
    repo.create("k", r, "incoming/a", Status.PENDING)
    assert not repo.replace("k", r, "incoming/a", Status.PENDING)
    assert repo.replace("k", report(records=6), "incoming/a", Status.PENDING)
    assert len(repo.load("k").records) == 6


def test_reports_by_domain_and_paging(stack: Settings) -> None:
    repo = DynamoReports(stack.tables.reports)
    for i in range(25):
        repo.create(f"k{i:02d}", report(f"r{i}", begin=DAY0 + timedelta(days=i), records=1), "x", Status.APPLIED)
    repo.create("other", report("o", domain="other.example", records=1), "x", Status.APPLIED)
    assert [s.key for s in repo.by_domain("example.com")] == [f"k{i:02d}" for i in range(25)]
    window = repo.by_domain("example.com", DAY0 + timedelta(days=3), DAY0 + timedelta(days=5))
    assert [s.key for s in window] == ["k03", "k04", "k05"]
    seen, token = [], None
    while True:
        page = repo.page("example.com", 10, token)
        seen += [s.key for s in page.items]
        token = page.next_token
        if token is None:
            break
    assert seen == [f"k{i:02d}" for i in reversed(range(25))]


def test_merge_is_idempotent_per_report(stack: Settings) -> None:
    rollups = DynamoRollups(stack.tables.rollups)
    facts = report_facts(report(records=10, count=2))
    assert rollups.merge("example.com", D, "k1", facts)
    assert not rollups.merge("example.com", D, "k1", facts)
    assert rollups.merge("example.com", D, "k2", facts)
    got = rollups.facts("example.com", D, D)
    assert sum(f.count for f in got) == 40
    assert rollups.days("example.com") == [D]
    assert rollups.facts("example.com", D + timedelta(days=1), D + timedelta(days=9)) == []


def test_overflow_keeps_every_fact(stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rollups_module, "ITEM_BUDGET", 6_000)
    monkeypatch.setattr(rollups_module, "OVERFLOW_MAX", 5_000)
    rollups = DynamoRollups(stack.tables.rollups)
    expected = []
    for i in range(6):
        facts = report_facts(report(f"r{i}", records=300, start=i * 1000))
        expected += facts
        rollups.merge("example.com", D, f"k{i}", facts)
    rollups.merge("example.com", D, "k0", expected)  # a duplicate after overflow is still skipped
    assert factcodec.merge(rollups.facts("example.com", D, D)) == factcodec.merge(expected)


def test_replace_is_conditional_and_drops_old_overflow(stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rollups_module, "ITEM_BUDGET", 6_000)
    rollups = DynamoRollups(stack.tables.rollups)
    big = report_facts(report(records=500))
    rollups.merge("example.com", D, "k1", big)
    state = rollups.state("example.com", D)
    rollups.merge("example.com", D, "k2", big[:1])
    assert not rollups.replace("example.com", D, state, frozenset({"k1"}), big)  # a merge came in between
    state = rollups.state("example.com", D)
    small = report_facts(report(records=2))
    assert rollups.replace("example.com", D, state, frozenset({"k9"}), small)
    assert factcodec.merge(rollups.facts("example.com", D, D)) == factcodec.merge(small)
    assert not rollups.merge("example.com", D, "k9", small)
    fresh = date(2026, 5, 1)
    assert rollups.replace("example.com", fresh, DayState(None, frozenset()), frozenset(), [])
    assert rollups.facts("example.com", fresh, fresh) == []


def test_domains_soft_delete(stack: Settings) -> None:
    domains = DynamoDomains(stack.tables.domains)
    assert domains.get("example.com") is None
    added = domains.add("Example.COM.")
    assert added.name == "example.com" and added.active
    assert domains.add("example.com").created == added.created  # idempotent
    domains.add("b.example")
    assert domains.remove("example.com") and not domains.remove("example.com") and not domains.remove("zz.example")
    assert [d.name for d in domains.list()] == ["b.example"]
    assert [d.name for d in domains.list(include_removed=True)] == ["b.example", "example.com"]
    assert not domains.get("example.com").active  # type: ignore[union-attr]
    assert domains.add("example.com").active


def test_failures_are_listed_newest_first_in_pages(stack: Settings) -> None:
    failures = DynamoFailures(stack.tables.failures)
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(23):
        failures.record(Failure(f"incoming/m{i:02d}", "not_a_report", "no report", t0 + timedelta(minutes=i)))
    failures.record(Failure("incoming/m05", "not_a_report", "no report", t0 + timedelta(minutes=5)))  # a retry
    keys, token, pages = [], None, 0
    while True:
        page = failures.page(10, token)
        keys += [f.object_key for f in page.items]
        pages += 1
        if (token := page.next_token) is None:
            break
    assert keys == [f"incoming/m{i:02d}" for i in reversed(range(23))] and pages == 3
    failures.clear("incoming/m00")
    assert len(failures.page(100).items) == 22
