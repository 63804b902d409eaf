"""DaySummaries port: a rollup write writes the day's summary; summary writes never go back to an older rollup
version; the registry part is kept only for the summary it was made from; sources are read apart."""
from __future__ import annotations

from array import array
from datetime import timedelta

from chalicelib.analysis.daily import report_facts
from chalicelib.analysis.summary import summarize
from chalicelib.analysis.tagged import tag_day
from chalicelib.registry import Matcher, make_entry
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()
DOMAIN = "example.com"


def plain(value: object) -> object:
    """A summary (or registry part) with its columns as lists: storage returns arrays, the fake lists."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (list, tuple, array)):
        return [plain(v) for v in value]
    return value


def test_a_rollup_write_writes_its_summary(built: Container) -> None:
    rollups, store = built.rollups, built.summaries
    facts = report_facts(report(records=12, count=3))
    rollups.merge(DOMAIN, D, "k1", facts)
    version = rollups.state(DOMAIN, D).version
    assert store.versions(DOMAIN, D, D) == {D: (version, None)}
    stored = store.summaries(DOMAIN, D - timedelta(days=3), D + timedelta(days=3))
    assert list(stored) == [D] and stored[D].version == version and stored[D].tagged is None
    light = stored[D].summary
    assert light is not None and not light.has_sources
    assert plain(light) == plain(summarize(facts).without_sources())
    full = store.with_sources(DOMAIN, stored)
    assert plain(full[D]) == plain(summarize(facts))
    rollups.merge(DOMAIN, D, "k2", facts[:2])
    assert store.summaries_of(DOMAIN, [D, D + timedelta(days=1)])[D].version == rollups.state(DOMAIN, D).version
    assert store.with_sources(DOMAIN, stored) == {}  # the sources moved on with the rollup


def test_summary_writes_only_move_forward(built: Container) -> None:
    store = built.summaries
    one, two = (summarize(report_facts(report(f"r{n}", records=n + 2))) for n in (1, 2))
    assert store.put_summary(DOMAIN, D, 5, two)
    assert not store.put_summary(DOMAIN, D, 4, one)
    assert not store.put_summary(DOMAIN, D, 5, one)
    assert plain(store.with_sources(DOMAIN, store.summaries(DOMAIN, D, D))[D]) == plain(two)
    assert store.put_summary(DOMAIN, D, 6, one)
    assert store.versions(DOMAIN, D, D) == {D: (6, None)}


def test_the_registry_part_is_kept_for_its_summary_only(built: Container) -> None:
    store = built.summaries
    summary = summarize(report_facts(report(records=8)))
    store.put_summary(DOMAIN, D, 3, summary)
    part = tag_day(summary, Matcher([make_entry("192.0.2.0/24", "mail")]), 7)
    store.put_tagged(DOMAIN, {D: (2, part)})  # made from an older summary: not kept
    assert store.versions(DOMAIN, D, D) == {D: (3, None)}
    store.put_tagged(DOMAIN, {D: (3, part)})
    assert store.versions(DOMAIN, D, D) == {D: (3, 7)}
    assert plain(store.summaries(DOMAIN, D, D)[D].tagged) == plain(part)
    store.put_summary(DOMAIN, D, 4, summary)
    assert store.versions(DOMAIN, D, D) == {D: (4, None)}  # a new summary drops the old registry part


def test_complete_is_per_domain(built: Container) -> None:
    store = built.summaries
    assert not store.complete(DOMAIN)
    store.mark_complete(DOMAIN)
    assert store.complete(DOMAIN) and not store.complete("other.example")
    assert store.summaries(DOMAIN, D - timedelta(days=400), D + timedelta(days=400)) == {}


def test_a_month_part_is_kept_until_its_month_changes(built: Container) -> None:
    from chalicelib.analysis.months import merge_days, month_of
    from chalicelib.analysis.summed import SummedDay, patterns

    store = built.summaries
    month = month_of(D)
    tags = Matcher([make_entry("192.0.2.0/24", "mail")])
    summary = summarize(report_facts(report(records=12, count=3)))
    day = SummedDay(D, summary.without_sources(), tag_day(summary, tags, 4))
    part = merge_days([day], 4)
    assert part is not None
    assert store.months(DOMAIN, month, month, parts=True) == {}
    assert store.put_month(DOMAIN, month, 0, 4, part)  # a month of days stored before months were counted
    found = store.months(DOMAIN, month, month, parts=True)[month]
    assert (found.changes, found.made, found.registry) == (0, 0, 4) and found.part is not None
    assert patterns([found.part]) == patterns([day])
    assert store.months(DOMAIN, month, month, parts=False)[month].part is None
    assert store.put_summary(DOMAIN, D, 1, summary)  # a day write: the part is stale
    stale = store.months(DOMAIN, month, month, parts=False)[month]
    assert (stale.changes, stale.made) == (1, 0)
    assert not store.put_month(DOMAIN, month, 0, 4, part)  # made from the days before that write
    assert store.put_month(DOMAIN, month, 1, 5, part)
    again = store.month_parts(DOMAIN, [month, month_of(D - timedelta(days=40))])
    assert list(again) == [month] and (again[month].made, again[month].registry) == (1, 5)
    assert store.months(DOMAIN + ".other", month, month, parts=True) == {}


def test_a_month_part_without_tags_yields_to_one_with_them(built: Container) -> None:
    from chalicelib.analysis.months import merge_days, month_of
    from chalicelib.analysis.summed import SummedDay, overview

    store = built.summaries
    month = month_of(D)
    summary = summarize(report_facts(report(records=12, count=3)))
    day = SummedDay(D, summary.without_sources(), tag_day(summary, Matcher([]), 4))
    tagged, untagged = merge_days([day], 4), merge_days([day], None)
    assert tagged is not None and untagged is not None and untagged.tagged is None
    assert store.put_month(DOMAIN, month, 0, None, untagged)  # the overview's read: no registry part
    found = store.months(DOMAIN, month, month, parts=True)[month]
    assert (found.made, found.registry) == (0, None) and found.part is not None and found.part.tagged is None
    assert overview([found.part], None, D, D) == overview([day], None, D, D)
    assert store.put_month(DOMAIN, month, 0, 4, tagged)  # a tagged read makes it again with its registry part
    assert not store.put_month(DOMAIN, month, 0, None, untagged)  # never over a part of the same count
    kept = store.month_parts(DOMAIN, [month])[month]
    assert kept.registry == 4 and kept.part is not None and kept.part.tagged is not None
    store.put_summary(DOMAIN, D, 1, summary)
    assert store.put_month(DOMAIN, month, 1, None, untagged)  # stale: an untagged part may replace it
    assert store.months(DOMAIN, month, month, parts=True)[month].registry is None
