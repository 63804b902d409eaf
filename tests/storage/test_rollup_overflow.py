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
