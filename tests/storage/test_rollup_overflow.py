"""The DynamoDB rollup adapter's internals, against moto and a real dynalite process: facts that outgrow the
head item move to overflow items, which a conditional replace drops. The ports' contracts: tests/contract."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.analysis.daily import report_facts
from chalicelib.ports.ingest import DayState
from chalicelib.settings import Settings
from chalicelib.storage import factcodec
from chalicelib.storage import rollups as rollups_module
from chalicelib.storage.rollups import DynamoRollups
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


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


def test_fact_chunks_stream_every_listed_item_and_skip_leftovers(stack: Settings,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rollups_module, "ITEM_BUDGET", 1_000)
    monkeypatch.setattr(rollups_module, "OVERFLOW_MAX", 800)
    rollups = DynamoRollups(stack.tables.rollups)
    days = [D, date(2026, 5, 2), date(2026, 5, 3)]
    for n, day in enumerate(days):
        for i in range(3):
            rollups.merge("example.com", day, f"k{n}{i}", report_facts(report(f"r{i}", records=200, start=i * 500,
                                                                               begin=_at(day))))
    leftover = rollups._rollups("example.com", f"{days[1].isoformat()}#x#zz-not-listed",
                                facts=factcodec.encode(report_facts(report("stray", records=5, begin=_at(days[1])))))
    leftover.save()  # an overflow item no head lists (a lost conditional write leaves one for a moment)
    chunks = list(rollups.fact_chunks("example.com", days[0], days[-1]))
    assert len(chunks) > len(days)  # the days' facts came in several parts
    assert max(len(factcodec.encode(c)) for c in chunks) <= 1_000
    streamed = [f for c in chunks for f in c]
    assert streamed == rollups.facts("example.com", days[0], days[-1])
    assert [f.day for f in streamed] == sorted(f.day for f in streamed)


def _at(day: date):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, tzinfo=UTC)
