"""The portfolio digest of a domain: per UTC day, what a portfolio row needs and nothing more, so the rows of 200
domains come from 200 small items read in two batches and O(domains x days) additions.

Per day: the day sums (the day rollup version and the registry version they were made from; messages, DMARC
pass and unknown from the day summary; own mail failing and possible spoofing from its registry part, exactly
the day's share of PatternReport.tagged_fail and .spoofing_fail) and the policies of the counted reports whose
period *begins* that day (the reports Policies.seen gives for it), grouped by (report day, policy) in the order of
each group's last report: the current published policy of a range is then the one rule's
(analysis.published.latest_policy) over the groups of its days, each weighing as many reports as it stands for.
Grouping keeps what that rule reads: per value of a field, how many reports on each report day stated it, and the
order of the last report that did.

Kept as columns (one value per day, one per policy group), so a reader sums a slice and never builds a day
object; writers, one domain at a time, edit `DigestDay`s (`days_of`, `digest_of`). `since`..`until` is the
coverage: every day in it with data is in the digest (`until` None: open-ended).

The reports index a writer reads the policies from lags behind report writes, so a writer also keeps the reports
it just changed (`Pending`) for RECENT_SECONDS, and any writer of their days applies them over what it read:
two writers of one day never lose each other's report, whatever the index showed each. Pure."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from chalicelib.analysis.common import DayPoint, day_series, pct
from chalicelib.analysis.portfolio import TREND_DAYS, PortfolioRow, row_of
from chalicelib.analysis.published import COMPARED, Seen, latest_policy, stated
from chalicelib.analysis.summary import T_MESSAGES, T_PASS, T_UNKNOWN
from chalicelib.analysis.summed import SummedDay
from chalicelib.dmarc.model import PolicyPublished

KEEP_DAYS = 400  # days kept back from the writer's today (older ones are pruned; a range reaching them reads slowly)
RECENT_SECONDS = 3600.0  # a writer's changed reports are kept this long (the reports index lags far less)
PENDING_MAX = 1000  # and at most this many, the latest (a reprocess of a whole archive changes more at once)
S_ROLLUP, S_REGISTRY, S_MESSAGES, S_PASSED, S_UNKNOWN, S_OWN, S_SPOOFING = range(7)
SUMS = 7
Stated = tuple[str | None, ...]  # a policy's COMPARED fields as its report states them (published.stated)


@dataclass(frozen=True, slots=True)
class DaySums:
    rollup: int  # the version of the day rollup summarized (>= 1)
    registry: int  # the registry version own_failing and spoofing were counted with
    messages: int
    passed: int
    unknown: int
    own_failing: int
    spoofing: int

    def newer_than(self, other: DaySums | None) -> bool:
        return other is None or (self.rollup, self.registry) > (other.rollup, other.registry)


@dataclass(frozen=True, slots=True)
class PolicyGroup:
    """Reports that began on the digest day, saw `policy`, and cover `day` (published.report_day)."""
    day: date
    policy: Stated
    reports: int


@dataclass(frozen=True, slots=True)
class DigestDay:
    sums: DaySums | None  # None: no day summary (no rollup that day)
    policies: tuple[PolicyGroup, ...] = ()  # in the order of each group's last report


@dataclass(frozen=True, slots=True)
class Pending:
    """A report a writer just changed, as it counts now, kept for RECENT_SECONDS."""
    reporter: str
    report_id: str
    begin: datetime
    end: datetime | None
    policy: Stated | None  # None: it does not count (any more)
    at: float  # when the writer knew it (epoch seconds)


@dataclass(frozen=True, slots=True)
class Digest:
    day: Sequence[int] = ()  # date ordinals, ascending
    sums: Sequence[Sequence[int]] = field(default_factory=lambda: [()] * SUMS)  # S_*, per day (S_ROLLUP 0: none)
    group_day: Sequence[int] = ()  # per policy group: the index of its digest day (ascending)
    group_offset: Sequence[int] = ()  # its report day minus its digest day
    group_policy: Sequence[int] = ()  # index in `policies`
    group_reports: Sequence[int] = ()
    policies: Sequence[Stated] = ()
    since: date | None = None  # coverage: every day since..until with data is in the digest
    until: date | None = None  # None: open-ended (with `since` set)
    open_alerts: int | None = None  # None: not counted yet
    version: int = 0  # of the stored item (0: none stored)
    pending: tuple[Pending, ...] = ()  # reports changed in the last RECENT_SECONDS

    def covers(self, start: date, end: date) -> bool:
        return self.since is not None and self.since <= start and (self.until is None or end <= self.until)

    def window(self, start: date, end: date) -> range:
        """The indexes of the days start..end."""
        return range(bisect_left(self.day, start.toordinal()), bisect_right(self.day, end.toordinal()))


# --- writers: from what the analyses read, and edits of one domain's days -------------------------------------
def day_sums(day: SummedDay) -> DaySums:
    """A day's sums from its summary and registry part (the overview counts a day only with sources)."""
    s, t = day.summary, day.tagged
    if t is None:
        raise ValueError(f"{day.day}: the day summary has no registry part")
    own = spoofing = 0
    for per_tag in t.failing:
        for tag, n in per_tag:
            if tag is None:
                spoofing += n
            else:
                own += n
    totals = s.totals if s.ips else [0] * 3
    return DaySums(day.version, t.registry, totals[T_MESSAGES], totals[T_PASS], totals[T_UNKNOWN], own, spoofing)


def stated_policy(policy: PolicyPublished) -> Stated:
    return tuple(stated(policy, name) for name in COMPARED)


def policy_groups(seen: Iterable[Seen]) -> tuple[PolicyGroup, ...]:
    """One begin day's reports (oldest first) grouped by (report day, stated policy), in the order of each
    group's last report."""
    counts: dict[tuple[date, Stated], int] = {}
    last: dict[tuple[date, Stated], int] = {}
    for n, s in enumerate(seen):
        key = (s.day, stated_policy(s.policy))
        counts[key] = counts.get(key, 0) + 1
        last[key] = n
    return tuple(PolicyGroup(day, policy, counts[day, policy]) for day, policy in sorted(counts, key=last.__getitem__))


def days_of(digest: Digest) -> dict[date, DigestDay]:
    groups: dict[int, list[PolicyGroup]] = {}
    for g, at in enumerate(digest.group_day):
        day = digest.day[at]
        groups.setdefault(at, []).append(PolicyGroup(date.fromordinal(day + digest.group_offset[g]),
                                                     tuple(digest.policies[digest.group_policy[g]]),
                                                     digest.group_reports[g]))
    out = {}
    for at, ordinal in enumerate(digest.day):
        values = [column[at] for column in digest.sums]
        sums = DaySums(*values) if values[S_ROLLUP] else None
        out[date.fromordinal(ordinal)] = DigestDay(sums, tuple(groups.get(at, ())))
    return out


def digest_of(days: Mapping[date, DigestDay], since: date | None, until: date | None,
              open_alerts: int | None = None, version: int = 0, pending: Sequence[Pending] = ()) -> Digest:
    """The columns of `days` (days with neither sums nor policies are left out)."""
    kept = sorted(d for d, v in days.items() if v.sums is not None or v.policies)
    sums: list[list[int]] = [[] for _ in range(SUMS)]
    group_day, group_offset, group_policy, group_reports = [], [], [], []
    policies: dict[Stated, int] = {}
    for at, day in enumerate(kept):
        v = days[day]
        s = v.sums
        values = (s.rollup, s.registry, s.messages, s.passed, s.unknown, s.own_failing, s.spoofing) if s else (0,) * 7
        for column, value in zip(sums, values, strict=True):
            column.append(value)
        for g in v.policies:
            group_day.append(at)
            group_offset.append((g.day - day).days)
            group_policy.append(policies.setdefault(g.policy, len(policies)))
            group_reports.append(g.reports)
    return Digest([d.toordinal() for d in kept], sums, group_day, group_offset, group_policy, group_reports,
                  list(policies), since, until, open_alerts, version, tuple(pending))


def cutoff(today: date) -> date:
    return today - timedelta(days=KEEP_DAYS - 1)


def _pruned(days: dict[date, DigestDay], since: date | None, until: date | None, today: date
            ) -> tuple[dict[date, DigestDay], date | None, date | None]:
    first = cutoff(today)
    days = {d: v for d, v in days.items() if d >= first}
    if since is not None and until is not None and until < first:
        return days, None, None
    return days, (None if since is None else max(since, first)), until


def pending_now(held: Sequence[Pending], mine: Sequence[Pending], now: float) -> tuple[Pending, ...]:
    """The changed reports still kept: per report the latest word (`mine` last), none older than RECENT_SECONDS,
    the PENDING_MAX latest."""
    latest: dict[tuple[str, str], Pending] = {}
    for p in (*held, *mine):
        known = latest.get((p.reporter, p.report_id))
        if now - p.at <= RECENT_SECONDS and (known is None or p.at >= known.at):
            latest[p.reporter, p.report_id] = p
    kept = sorted(latest.values(), key=lambda p: p.at)[-PENDING_MAX:]
    return tuple(sorted(kept, key=lambda p: (p.begin, p.reporter, p.report_id)))


def refreshed(current: Digest | None, fresh: Mapping[date, DigestDay], today: date,
              pending: Sequence[Pending] = ()) -> Digest:
    """`current` with the given days as a writer read them: their policies, and their sums unless the digest
    holds newer ones (a writer that came first read later); a day left with neither leaves."""
    current = current or Digest()
    days = days_of(current)
    for day, got in fresh.items():
        held = days[day].sums if day in days else None
        days[day] = DigestDay(got.sums if got.sums is not None and got.sums.newer_than(held) else held, got.policies)
    days, since, until = _pruned(days, current.since, current.until, today)
    return digest_of(days, since, until, current.open_alerts, current.version, pending)


def written_back(current: Digest | None, read: Mapping[date, DigestDay], start: date, end: date, today: date
                 ) -> Digest:
    """`current` with what a reader read of start..end (every day of it with data in `read`): day sums where they
    are newer, policies for the days the digest did not have (the ones it has are kept by the writers that
    changed them since); the coverage grows by start..end (open-ended when it reaches today)."""
    current = current or Digest()
    days = days_of(current)
    for day, got in read.items():
        held = days.get(day)
        if held is None:
            days[day] = got
        elif got.sums is not None and got.sums.newer_than(held.sums):
            days[day] = replace(held, sums=got.sums)
    since, until = _grown(current.since, current.until, start, None if end >= today else end)
    days, since, until = _pruned(days, since, until, today)
    return digest_of(days, since, until, current.open_alerts, current.version, current.pending)


def _grown(since: date | None, until: date | None, start: date, end: date | None
           ) -> tuple[date | None, date | None]:
    """The coverage since..until joined with start..end when they meet; else the newer of the two."""
    if since is None:
        return start, end
    meets = (end is None or end >= since - timedelta(days=1)) and (until is None or start <= until + timedelta(days=1))
    if not meets:
        return start, end
    return min(since, start), None if until is None or end is None else max(until, end)


def retagged(current: Digest, sums: Mapping[date, DaySums]) -> Digest | None:
    """`current` with newer sums for days it holds (a registry part made again); None when nothing changes."""
    days = days_of(current)
    changed = False
    for day, got in sums.items():
        held = days.get(day)
        if held is not None and got.newer_than(held.sums):
            days[day] = replace(held, sums=got)
            changed = True
    if not changed:
        return None
    return digest_of(days, current.since, current.until, current.open_alerts, current.version, current.pending)


# --- the reader: a row from the digest ----------------------------------------------------------------------
def current_for(digest: Digest, start: date, end: date, registry: int) -> bool:
    """The digest answers for start..end: covered, and every day summed with the current registry version."""
    if not digest.covers(start, end):
        return False
    registries = digest.sums[S_REGISTRY]
    rollups = digest.sums[S_ROLLUP]
    return all(registries[i] == registry for i in digest.window(start, end) if rollups[i])


def published(digest: Digest, start: date, end: date, domain: str) -> PolicyPublished | None:
    """The current published policy over the reports beginning start..end: the one rule over the groups."""
    at = digest.window(start, end)
    if not at:
        return None
    first, last = bisect_left(digest.group_day, at.start), bisect_left(digest.group_day, at.stop)
    if first == last:
        return None
    made: dict[int, PolicyPublished] = {}
    observed, counts = [], []
    for g in range(first, last):
        ref = digest.group_policy[g]
        policy = made.get(ref)
        if policy is None:
            policy = made[ref] = policy_of(digest.policies[ref], domain)
        observed.append(Seen("", date.fromordinal(digest.day[digest.group_day[g]] + digest.group_offset[g]), policy))
        counts.append(digest.group_reports[g])
    return latest_policy(observed, domain, counts)


def policy_of(values: Stated, domain: str) -> PolicyPublished:
    """A policy stating exactly `values` (pct as text, as `stated` reads it back)."""
    return PolicyPublished(domain, **dict(zip(COMPARED, values, strict=True)))  # type: ignore[arg-type]


def digest_row(domain: str, digest: Digest, start: date, end: date, shown_start: date, open_alerts: int,
               display_name: str = "") -> PortfolioRow:
    """The portfolio row over start..end of which shown_start..end may be shown (`portfolio_row`'s figures)."""
    at = digest.window(shown_start, end) if shown_start <= end else range(0)
    sums = digest.sums
    messages = sum(sums[S_MESSAGES][i] for i in at)
    passed = sum(sums[S_PASSED][i] for i in at)
    trend_start = max(start, end - timedelta(days=TREND_DAYS - 1))
    totals: dict[date, int] = {}
    passes: dict[date, int] = {}
    for i in digest.window(max(trend_start, shown_start), end) if shown_start <= end else ():
        day = date.fromordinal(digest.day[i])
        totals[day], passes[day] = sums[S_MESSAGES][i], sums[S_PASSED][i]
    daily: tuple[DayPoint, ...] = day_series(totals, passes, trend_start, end)
    policy = published(digest, shown_start, end, domain) if shown_start <= end else None
    return row_of(domain, messages, pct(passed, messages), sum(sums[S_OWN][i] for i in at),
                  sum(sums[S_SPOOFING][i] for i in at), policy, daily, open_alerts, display_name)
