"""The DynamoDB day summaries' internals, against moto and dynalite: a day whose summary is too large for an item
is summarized from its facts when read; a retried merge whose first try stopped before the summary write writes
it. The port's contract: tests/contract/test_summaries.py."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import wiring
from chalicelib.analysis.daily import report_facts
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.registry import Matcher
from chalicelib.services.analyses import DayRange
from chalicelib.settings import Settings
from chalicelib.storage import summaries as summaries_module
from chalicelib.storage.summaries import DynamoSummaries
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()
DOMAIN = "example.com"


def _built(stack: Settings) -> wiring.Container:
    built = wiring.bootstrap(stack)
    built.domains.add(DOMAIN)
    built.registry_service.create(DOMAIN, "192.0.2.0/25", "mail")
    return built


def test_a_day_too_large_for_a_summary_item_is_read_from_its_facts(
        stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(stack)
    facts = report_facts(report(records=40))
    monkeypatch.setattr(summaries_module, "PART_MAX", 200)
    built.rollups.merge(DOMAIN, D, "k1", facts)
    monkeypatch.undo()
    built.rollups.merge(DOMAIN, D + timedelta(days=1), "k2", report_facts(report("r2", records=5)))
    stored = built.summaries.summaries(DOMAIN, D, D + timedelta(days=1))
    assert stored[D].summary is None and stored[D + timedelta(days=1)].summary is not None
    days = DayRange(D, D + timedelta(days=1))
    expected = pattern_analysis(built.rollups.facts(DOMAIN, D, days.end), Matcher(built.registry.entries(DOMAIN)))
    assert built.analyses.patterns(DOMAIN, days) == expected


def test_a_retried_merge_writes_the_summary_its_first_try_left_out(
        stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(stack)
    facts = report_facts(report(records=6))
    monkeypatch.setattr(DynamoSummaries, "put_summary", lambda *a: False)  # the try stops after the rollup write
    built.rollups.merge(DOMAIN, D, "k1", facts)
    monkeypatch.undo()
    assert built.summaries.versions(DOMAIN, D, D) == {}
    assert not built.rollups.merge(DOMAIN, D, "k1", facts)  # the retry: merged already
    assert built.summaries.versions(DOMAIN, D, D) == {D: (built.rollups.state(DOMAIN, D).version, None)}


def test_a_registry_part_too_large_beside_its_summary_is_not_kept(stack: Settings) -> None:
    import hashlib
    from dataclasses import replace

    from chalicelib.analysis.summary import summarize
    from chalicelib.analysis.tagged import tag_day

    built = _built(stack)
    facts = report_facts(report(records=6))
    built.rollups.merge(DOMAIN, D, "k1", facts)
    version = built.rollups.state(DOMAIN, D).version
    part = tag_day(summarize(facts), Matcher([]), 7)
    built.summaries.summaries_of(DOMAIN, [D])  # the adapter knows the summary's size from reading it
    noise = [hashlib.sha256(str(n).encode()).hexdigest() for n in range(12_000)]  # ~400 KB after zlib
    huge = replace(part, names=noise)
    built.summaries.put_tagged(DOMAIN, {D: (version, huge)})  # refused by the store for its size: not an error
    assert built.summaries.versions(DOMAIN, D, D) == {D: (version, None)}
    built.summaries.put_tagged(DOMAIN, {D: (version, part)})
    assert built.summaries.versions(DOMAIN, D, D) == {D: (version, 7)}


def test_a_day_too_large_for_a_summary_item_keeps_no_registry_part(
        stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.analysis.summary import summarize
    from chalicelib.analysis.tagged import tag_day

    built = _built(stack)
    facts = report_facts(report(records=60))
    monkeypatch.setattr(summaries_module, "PART_MAX", 200)
    built.rollups.merge(DOMAIN, D, "k1", facts)
    monkeypatch.undo()
    version = built.rollups.state(DOMAIN, D).version
    built.summaries.put_tagged(DOMAIN, {D: (version, tag_day(summarize(facts), Matcher([]), 9))})
    assert built.summaries.versions(DOMAIN, D, D) == {D: (version, None)}  # nothing stored: made when read
    assert built.analyses.patterns(DOMAIN, DayRange(D, D)) == pattern_analysis(facts, Matcher(
        built.registry.entries(DOMAIN)))


def test_a_registry_part_is_kept_only_where_it_fits_beside_its_summary(
        stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.analysis.tagged import tag_day

    built = _built(stack)
    built.rollups.merge(DOMAIN, D, "k1", report_facts(report(records=60)))
    store = DynamoSummaries(stack.tables.rollups)
    stored = store.summaries_of(DOMAIN, [D], consistent=True)[D]
    assert stored.summary is not None
    part = tag_day(store.with_sources(DOMAIN, {D: stored})[D], Matcher([]), 9)
    monkeypatch.setattr(summaries_module, "ITEM_MAX", 200)  # as if the summary filled its item
    store.put_tagged(DOMAIN, {D: (stored.version, part)})  # not kept, no error
    assert store.versions(DOMAIN, D, D) == {D: (stored.version, None)}
    monkeypatch.undo()
    DynamoSummaries(stack.tables.rollups).put_tagged(DOMAIN, {D: (stored.version, part)})  # size unknown here
    assert store.versions(DOMAIN, D, D) == {D: (stored.version, None)}
    store.put_tagged(DOMAIN, {D: (stored.version, part)})
    assert store.versions(DOMAIN, D, D) == {D: (stored.version, 9)}
