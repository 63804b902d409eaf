"""Rollups port (and the analyses' DayFacts reads): idempotent merge per unit, conditional replace, reads."""
from __future__ import annotations

from datetime import date, timedelta

from chalicelib.analysis.daily import report_facts
from chalicelib.ports.ingest import DayState
from chalicelib.storage import factcodec
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def test_merge_is_idempotent_per_unit(built: Container) -> None:
    rollups = built.rollups
    facts = report_facts(report(records=10, count=2))
    assert rollups.merge("example.com", D, "k1", facts)
    assert not rollups.merge("example.com", D, "k1", facts)
    assert rollups.merge("example.com", D, "k2", facts)
    assert sum(f.count for f in rollups.facts("example.com", D, D)) == 40
    assert rollups.days("example.com") == [D]
    assert rollups.facts("example.com", D + timedelta(days=1), D + timedelta(days=9)) == []


def test_replace_is_conditional(built: Container) -> None:
    rollups = built.rollups
    big = report_facts(report(records=50))
    rollups.merge("example.com", D, "k1", big)
    state = rollups.state("example.com", D)
    assert state.version is not None
    rollups.merge("example.com", D, "k2", big[:1])
    assert not rollups.replace("example.com", D, state, frozenset({"k1"}), big)  # a merge came in between
    small = report_facts(report(records=2))
    assert rollups.replace("example.com", D, rollups.state("example.com", D), frozenset({"k9"}), small)
    assert factcodec.merge(rollups.facts("example.com", D, D)) == factcodec.merge(small)
    assert not rollups.merge("example.com", D, "k9", small)
    fresh = date(2026, 5, 1)
    assert rollups.state("example.com", fresh) == DayState(None, frozenset())
    assert rollups.replace("example.com", fresh, DayState(None, frozenset()), frozenset(), [])
    assert rollups.facts("example.com", fresh, fresh) == []


def test_day_fact_reads_agree(built: Container) -> None:
    rollups = built.rollups
    days = [D, D + timedelta(days=1), D + timedelta(days=3)]
    for n, day in enumerate(days):
        begin = DAY0 + timedelta(days=(day - D).days)
        rollups.merge("example.com", day, f"k{n}", report_facts(report(f"r{n}", begin=begin)))
    versions = rollups.versions("example.com", D, D + timedelta(days=3))  # type: ignore[attr-defined]
    assert sorted(versions) == days
    ranged = rollups.range_facts("example.com", D, D + timedelta(days=3))  # type: ignore[attr-defined]
    picked = rollups.day_facts("example.com", [D, D + timedelta(days=2), D + timedelta(days=3)])  # type: ignore[attr-defined]
    assert {d: v for d, (v, _) in ranged.items()} == versions
    assert sorted(picked) == [D, D + timedelta(days=3)]
    assert factcodec.merge(picked[D][1]) == factcodec.merge(ranged[D][1])


def test_span_is_the_first_and_last_day(built: Container) -> None:
    rollups = built.rollups
    assert rollups.span("example.com") is None
    big = report_facts(report(records=3))
    for offset in (5, 0, 40):
        rollups.merge("example.com", D + timedelta(days=offset), "k", big)
    rollups.merge("other.example", D - timedelta(days=9), "k", big)
    assert rollups.span("example.com") == (D, D + timedelta(days=40))
