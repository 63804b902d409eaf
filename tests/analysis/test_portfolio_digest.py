"""The portfolio digest's pure core: grouping a day's reports keeps the published policy the one rule gives on the
reports themselves (any order, ties included); a day's sums are its share of the overview and the pattern
analysis; the columns keep the days; the coverage grows only where a read covered it, is pruned with the days,
and a digest answers only for covered ranges summed with the current registry."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analysis import summed
from chalicelib.analysis.portfolio_digest import (
    KEEP_DAYS,
    DaySums,
    Digest,
    DigestDay,
    PolicyGroup,
    current_for,
    day_sums,
    days_of,
    digest_of,
    policy_groups,
    published,
    refreshed,
    retagged,
    written_back,
)
from chalicelib.analysis.published import Seen, latest_policy
from chalicelib.analysis.summary import summarize
from chalicelib.analysis.tagged import tag_day
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.registry import Matcher
from tests.analysis import generate

pytestmark = pytest.mark.unit
D0 = date(2026, 3, 1)
DOMAIN = "example.com"
POLICIES = (PolicyPublished(DOMAIN, "none", "none", pct=100), PolicyPublished(DOMAIN, "reject", None, testing="y"),
            PolicyPublished(DOMAIN, "quarantine", "reject", fo="1"), PolicyPublished(DOMAIN, "Reject", "none"))
# (begin day, days it runs past it, policy): what Policies.seen gives, in begin order
policies = st.one_of(st.integers(0, 1), st.integers(0, len(POLICIES) - 1))  # two often: ties on the last day
reports = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 1), policies),
                   min_size=1, max_size=40).map(lambda rs: sorted(rs, key=lambda r: r[0]))


def _digest(rs: list[tuple[int, int, int]]) -> tuple[Digest, list[Seen]]:
    seen = [Seen("r", D0 + timedelta(days=b + span), POLICIES[p]) for b, span, p in rs]
    by_begin: dict[date, list[Seen]] = defaultdict(list)
    for (b, _, _), s in zip(rs, seen, strict=True):
        by_begin[D0 + timedelta(days=b)].append(s)
    days = {day: DigestDay(None, policy_groups(found)) for day, found in by_begin.items()}
    return digest_of(days, D0, None), seen


@settings(max_examples=300, deadline=None)
@given(reports, st.integers(0, 4), st.integers(0, 4))
def test_grouped_reports_give_the_policy_the_rule_gives(rs: list[tuple[int, int, int]], a: int, b: int) -> None:
    digest, seen = _digest(rs)
    start, end = D0 + timedelta(days=min(a, b)), D0 + timedelta(days=max(a, b))
    picked = [s for (begin, _, _), s in zip(rs, seen, strict=True) if start <= D0 + timedelta(days=begin) <= end]
    expected = latest_policy(picked, DOMAIN) if picked else None
    assert published(digest, start, end, DOMAIN) == expected


def test_a_tie_on_the_last_day_goes_to_the_newest_report_of_it() -> None:
    one, two = POLICIES[0], POLICIES[1]
    day = D0 + timedelta(days=1)
    seen = [Seen("a", D0, one), Seen("b", D0, two), Seen("a", day, one), Seen("b", day, two), Seen("d", day, two),
            Seen("c", day, one)]
    groups = policy_groups(seen[2:])  # in the order of each group's last report
    assert groups == (PolicyGroup(day, ("reject", None, None, None, None, None, None, "y"), 2),
                      PolicyGroup(day, ("none", "none", None, None, None, "100", None, None), 2))
    digest = digest_of({D0: DigestDay(None, policy_groups(seen[:2])), day: DigestDay(None, groups)}, D0, None)
    assert published(digest, D0, day, DOMAIN) == latest_policy(seen, DOMAIN)
    assert published(digest, D0, day, DOMAIN).p == "none"  # type: ignore[union-attr]


def test_a_days_sums_are_its_share_of_the_overview_and_patterns() -> None:
    facts = generate.facts(count=3_000, days=3, ips_per_day=60, seed=5)
    tags = Matcher(generate.registry(40))
    days = []
    for n in range(3):
        day = facts[0].day + timedelta(days=n)
        summary = summarize([f for f in facts if f.day == day])
        days.append(summed.SummedDay(day, summary, tag_day(summary, tags, 4), n + 1))
    sums = [day_sums(d) for d in days]
    overview, patterns = summed.overview(days, None, days[0].day, days[-1].day), summed.patterns(days)
    assert sum(s.messages for s in sums) == overview.messages > 0
    assert sum(s.passed for s in sums) == overview.dmarc_pass
    assert sum(s.own_failing for s in sums) == patterns.tagged_fail > 0
    assert sum(s.spoofing for s in sums) == patterns.spoofing_fail > 0
    assert [(s.rollup, s.registry) for s in sums] == [(1, 4), (2, 4), (3, 4)]


def sums(rollup: int, registry: int = 1, messages: int = 10) -> DaySums:
    return DaySums(rollup, registry, messages, messages - 2, 1, 1, 1)


def test_the_columns_keep_the_days() -> None:
    group = PolicyGroup(D0 + timedelta(days=1), ("none",) + (None,) * 7, 3)
    days = {D0: DigestDay(sums(2), (group,)), D0 + timedelta(days=3): DigestDay(None, (group, group)),
            D0 + timedelta(days=5): DigestDay(sums(1))}
    digest = digest_of({**days, D0 + timedelta(days=9): DigestDay(None)}, D0, None, 4, 7)
    assert days_of(digest) == days and (digest.open_alerts, digest.version) == (4, 7)
    assert list(digest.window(D0 + timedelta(days=1), D0 + timedelta(days=5))) == [1, 2]


def test_a_write_back_grows_the_coverage_where_it_read() -> None:
    today = D0 + timedelta(days=30)
    read = {D0 + timedelta(days=20): DigestDay(sums(1))}
    open_ended = written_back(None, read, D0 + timedelta(days=10), today, today)
    assert (open_ended.since, open_ended.until) == (D0 + timedelta(days=10), None)
    closed = written_back(None, read, D0 + timedelta(days=10), D0 + timedelta(days=20), today)
    assert (closed.since, closed.until) == (D0 + timedelta(days=10), D0 + timedelta(days=20))
    joined = written_back(closed, {}, D0, D0 + timedelta(days=9), today)
    assert (joined.since, joined.until) == (D0, D0 + timedelta(days=20))
    apart = written_back(closed, {}, D0 + timedelta(days=25), today, today)
    assert (apart.since, apart.until) == (D0 + timedelta(days=25), None)
    assert open_ended.covers(D0 + timedelta(days=11), today + timedelta(days=9))
    assert not closed.covers(D0 + timedelta(days=11), D0 + timedelta(days=21))


def test_a_write_back_keeps_newer_sums_and_the_policies_writers_keep() -> None:
    today, day = D0 + timedelta(days=30), D0 + timedelta(days=20)
    kept = PolicyGroup(day, ("reject",) + (None,) * 7, 1)
    held = digest_of({day: DigestDay(sums(3), (kept,))}, None, None, version=5)
    old = PolicyGroup(day, ("none",) + (None,) * 7, 1)
    back = written_back(held, {day: DigestDay(sums(2), (old,)), today: DigestDay(sums(1), (old,))}, day, today, today)
    assert days_of(back) == {day: DigestDay(sums(3), (kept,)), today: DigestDay(sums(1), (old,))}
    newer = written_back(held, {day: DigestDay(sums(3, registry=2))}, day, today, today)
    assert days_of(newer)[day] == DigestDay(sums(3, registry=2), (kept,)) and newer.version == 5


def test_a_refresh_replaces_its_days_and_old_days_go() -> None:
    today = D0 + timedelta(days=KEEP_DAYS + 10)
    held = digest_of({D0: DigestDay(sums(1)), today: DigestDay(sums(4), ())}, D0, None, 2, 3)
    fresh = refreshed(held, {today: DigestDay(sums(5)), today - timedelta(days=1): DigestDay(None)}, today)
    assert days_of(fresh) == {today: DigestDay(sums(5))}
    assert fresh.since == today - timedelta(days=KEEP_DAYS - 1) and (fresh.open_alerts, fresh.version) == (2, 3)
    gone = refreshed(digest_of({}, D0, D0 + timedelta(days=5)), {}, today)
    assert (gone.since, gone.until) == (None, None)


def test_registry_parts_made_again_move_the_days_held_only() -> None:
    day = D0 + timedelta(days=2)
    held = digest_of({day: DigestDay(sums(3))}, D0, None)
    assert retagged(held, {day: sums(3)}) is None and retagged(held, {D0: sums(3, 2)}) is None
    moved = retagged(held, {day: sums(3, 2)})
    assert moved is not None and days_of(moved)[day].sums == sums(3, 2)


def test_a_digest_answers_for_covered_days_summed_with_the_current_registry() -> None:
    day = D0 + timedelta(days=2)
    digest = digest_of({day: DigestDay(sums(3, registry=2)), D0: DigestDay(None, ())}, D0, None)
    assert current_for(digest, D0, day + timedelta(days=5), 2)
    assert not current_for(digest, D0, day, 3)
    assert current_for(digest, day + timedelta(days=1), day + timedelta(days=5), 3)  # no summed day in it
    assert not current_for(digest, D0 - timedelta(days=1), day, 2)
    assert not current_for(Digest(), D0, day, 0)


def test_pending_reports_keep_the_latest_word_for_an_hour() -> None:
    from datetime import UTC, datetime

    from chalicelib.analysis.portfolio_digest import PENDING_MAX, RECENT_SECONDS, Pending, pending_now

    begin = datetime(2026, 3, 1, tzinfo=UTC)
    counted = Pending("google.com", "r1", begin, None, ("none",) + (None,) * 7, 100.0)
    stopped = Pending("google.com", "r1", begin, None, None, 160.0)
    other = Pending("yahoo.com", "r1", begin, None, ("reject",) + (None,) * 7, 50.0)
    assert pending_now((counted, other), (stopped,), 200.0) == (stopped, other)
    assert pending_now((stopped,), (counted,), 200.0) == (stopped,)  # an older word does not win
    assert pending_now((counted, other), (), 100.0 + RECENT_SECONDS) == (counted,)
    many = [Pending("r", f"{n:05d}", begin, None, None, float(n)) for n in range(PENDING_MAX + 5)]
    assert [p.report_id for p in pending_now(many, (), 1000.0)] == [f"{n:05d}" for n in range(5, PENDING_MAX + 5)]


def test_a_refresh_keeps_newer_sums_a_writer_before_it_wrote() -> None:
    today, day = D0 + timedelta(days=30), D0 + timedelta(days=29)
    group = PolicyGroup(day, ("none",) + (None,) * 7, 1)
    held = digest_of({day: DigestDay(sums(4), ())}, D0, None)
    fresh = refreshed(held, {day: DigestDay(sums(3), (group,))}, today)
    assert days_of(fresh) == {day: DigestDay(sums(4), (group,))}
