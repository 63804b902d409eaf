"""The analyses answer from day summaries exactly what the facts answer: after ingest, after a registry edit (the
next answer reflects it on every day of the range, each day's registry part made again once and stored), and for
days stored before summaries existed (summarized on the domain's first read)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.readiness import readiness
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis
from chalicelib.ports.ingest import Status
from chalicelib.registry import Matcher
from chalicelib.services.analyses import DayRange
from chalicelib.services.policy import published_policy
from tests.analysis import generate
from tests.ingest.reportgen import report
from tests.offline import offline_settings

pytestmark = pytest.mark.unit

DOMAIN = "example.jp"
DAYS = 75  # from January 1: January and February are calendar months inside the range (read as month parts)


def loaded(summaries: bool = True) -> tuple[wiring.Container, DayRange]:
    fakes = memory_adapters()
    if not summaries:
        fakes["rollups"].summaries = None  # the rollups of a release before day summaries
    app = wiring.bootstrap(offline_settings(), **fakes)
    app.domains.add(DOMAIN)
    for entry in generate.registry(120):
        app.registry.put(DOMAIN, entry)
    facts = generate.facts(count=12_000, days=DAYS, ips_per_day=80, seed=3)
    by_day: dict[date, list] = {}
    for f in facts:
        by_day.setdefault(f.day, []).append(f)
    for day, found in by_day.items():
        half = len(found) // 2
        app.rollups.merge(DOMAIN, day, f"a{day}", found[:half])
        app.rollups.merge(DOMAIN, day, f"b{day}", found[half:])
    return app, DayRange(facts[0].day, facts[-1].day)


def assert_as_facts(app: wiring.Container, days: DayRange, domain: str = DOMAIN) -> None:
    service = app.analyses
    facts = app.rollups.facts(domain, days.start, days.end)
    tags = Matcher(app.registry.entries(domain))
    answer, _ = service.overview(domain, days)
    assert answer == overview(facts, published_policy(app.policies, domain, days).latest, days.start, days.end)
    assert service.patterns(domain, days) == pattern_analysis(facts, tags)
    assert service.tags(domain, days) == tag_analysis(facts, tags, days.start, days.end)
    assert service.readiness(domain, days, 2.0) == readiness(facts, tags, 2.0)
    for offset, failing in ((0, False), (50, True)):
        assert service.spoofing(domain, days, offset, 50, failing) == spoofing(facts, tags, offset, 50, failing)


@pytest.fixture
def app_days() -> Iterator[tuple[wiring.Container, DayRange]]:
    yield loaded()


def test_every_analysis_agrees_with_the_facts(app_days: tuple[wiring.Container, DayRange]) -> None:
    app, days = app_days
    assert_as_facts(app, days)
    assert_as_facts(app, DayRange(days.start + timedelta(days=3), days.start + timedelta(days=9)))
    assert_as_facts(app, days)  # warm: from the container's memory


def test_whole_months_are_read_as_parts_that_follow_every_change(
        app_days: tuple[wiring.Container, DayRange]) -> None:
    from chalicelib.analysis.months import month_of

    app, days = app_days
    january, february = date(2025, 1, 1), date(2025, 2, 1)
    assert_as_facts(app, days)
    months = app.summaries.months(DOMAIN, january, february, parts=True)
    assert set(months) == {january, february} and all(m.part is not None for m in months.values())
    assert month_of(days.end) not in months  # March is not all inside the range: read as days
    late = date(2025, 2, 14)
    app.rollups.merge(DOMAIN, late, "late", [replace(f, day=late, count=f.count + 1000)
                                             for f in generate.facts(count=60, days=1, seed=11)])
    assert app.summaries.months(DOMAIN, february, february, parts=False)[february].made != \
        app.summaries.months(DOMAIN, february, february, parts=False)[february].changes
    assert_as_facts(app, days)  # the new report counts, from February's days, then its part made again
    assert_as_facts(app, days)
    fresh = wiring.bootstrap(app.settings, **{name: getattr(app, name) for name in (
        "rollups", "summaries", "registry", "domains", "reports", "policies")})
    assert fresh.analyses.tags(DOMAIN, days) == app.analyses.tags(DOMAIN, days)  # a new container: the parts


def test_the_overview_alone_makes_month_parts_that_tagged_reads_make_again(
        app_days: tuple[wiring.Container, DayRange]) -> None:
    app, days = app_days
    january, february = date(2025, 1, 1), date(2025, 2, 1)
    facts = app.rollups.facts(DOMAIN, days.start, days.end)
    expected = overview(facts, published_policy(app.policies, DOMAIN, days).latest, days.start, days.end)
    assert app.analyses.overview(DOMAIN, days)[0] == expected
    months = app.summaries.months(DOMAIN, january, february, parts=True)
    assert set(months) == {january, february}
    assert all(m.part is not None and m.part.tagged is None and m.registry is None for m in months.values())
    fresh = wiring.bootstrap(app.settings, **{name: getattr(app, name) for name in (
        "rollups", "summaries", "registry", "domains", "reports", "policy_log", "digests")})
    assert fresh.analyses.overview(DOMAIN, days)[0] == expected  # a new container: from the parts
    assert_as_facts(fresh, days)  # the tagged analyses make the parts again with their registry part
    version = app.registry.version(DOMAIN)
    remade = app.summaries.months(DOMAIN, january, february, parts=True)
    assert all(m.registry == version and m.part is not None and m.part.tagged is not None for m in remade.values())
    assert app.analyses.overview(DOMAIN, days)[0] == expected


def test_a_registry_edit_shows_on_every_day_of_the_range(app_days: tuple[wiring.Container, DayRange]) -> None:
    app, days = app_days
    before = app.analyses.tags(DOMAIN, days)
    assert "partners" not in {r.tag for r in before.rows}
    untagged = next(r for r in before.rows if r.tag is None)
    assert len(untagged.daily.total) == days.days and all(untagged.daily.total)  # untagged sources send every day

    app.analyses.patterns(DOMAIN, days)
    app.registry_service.create(DOMAIN, "198.51.0.0/16", "partners")  # with the next: every untagged source
    app.registry_service.create(DOMAIN, "10.0.0.0/8", "partners")
    after = app.analyses.tags(DOMAIN, days)
    partners = next(r for r in after.rows if r.tag == "partners")
    assert partners.daily.total == untagged.daily.total
    assert None not in {r.tag for r in after.rows}
    version = app.registry.version(DOMAIN)
    stored = app.summaries.versions(DOMAIN, days.start, days.end)
    assert len(stored) == days.days and {registry for _, registry in stored.values()} == {version}
    assert_as_facts(app, days)

    app.registry_service.delete(DOMAIN, "198.51.0.0_16")  # and back: every day again
    app.registry_service.delete(DOMAIN, "10.0.0.0_8")
    assert app.analyses.tags(DOMAIN, days) == before
    assert_as_facts(app, days)


def test_a_new_container_reads_the_stored_registry_parts(app_days: tuple[wiring.Container, DayRange]) -> None:
    app, days = app_days
    app.analyses.patterns(DOMAIN, days)
    fresh = wiring.bootstrap(app.settings, **{name: getattr(app, name) for name in (
        "rollups", "summaries", "registry", "domains", "reports", "policies")})
    made: list[date] = []
    store = fresh.summaries
    original = store.put_tagged
    store.put_tagged = lambda domain, tagged: (made.extend(tagged), original(domain, tagged))  # type: ignore[method-assign]
    try:
        assert fresh.analyses.patterns(DOMAIN, days) == app.analyses.patterns(DOMAIN, days)
    finally:
        store.put_tagged = original  # type: ignore[method-assign]
    assert made == []


def test_days_stored_before_summaries_are_summarized_on_first_read() -> None:
    app, days = loaded(summaries=False)
    assert app.summaries.versions(DOMAIN, days.start, days.end) == {}
    assert_as_facts(app, days)
    assert len(app.summaries.versions(DOMAIN, days.start, days.end)) == days.days
    assert app.summaries.complete(DOMAIN)
    assert app.analyses.summaries.ensure(DOMAIN) == 0


def test_the_summaries_command_writes_what_is_missing(app_days: tuple[wiring.Container, DayRange]) -> None:
    from io import StringIO

    from chalicelib import cli_ingest

    app, days = app_days
    assert_as_facts(app, days)
    app.rollups.summaries = None  # a day written by a release before day summaries, after the backfill
    late = days.end + timedelta(days=1)
    app.rollups.merge(DOMAIN, late, "late", [replace(f, day=late) for f in generate.facts(count=50, days=1, seed=9)])
    stored = report("late", DOMAIN, records=1, begin=datetime.combine(late, time(), UTC))
    app.reports.create("k-late", stored, "x", Status.APPLIED)  # stored by a release before the policy log
    app.digest_keeper.today = lambda: late
    previous = wiring.install(app)
    try:
        out = StringIO()
        assert cli_ingest.summaries(DOMAIN, out) == 0
    finally:
        wiring.install(previous)
    assert out.getvalue() == (f"{DOMAIN}: 1 day summary(ies) written, 1 day(s) of the policy log; "
                              "portfolio digest made\n")
    assert late in app.summaries.versions(DOMAIN, late, late)
    assert [e.report_id for e in app.policies.seen(DOMAIN, late, late)] == ["late"]
    digest = app.digests.get(DOMAIN)  # type: ignore[attr-defined]
    assert digest is not None and late.toordinal() in digest.day
