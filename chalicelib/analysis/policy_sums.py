"""The current published policy (chalicelib.analysis.published) of a long range from a dozen month sums instead of
~11,000 reports. A run of reports, oldest first, is summed into what the rule needs of it: how many reports stated
each distinct policy (the whole range's vote), the reports of its last report day in order (that day's vote and
its tie-break), and the newest report of each distinct policy (the source: the newest report agreeing with the
result). The sums of consecutive runs merge into the sums of their union, so a month's sums can be kept and a
range answered from its months and the days around them. ``current`` gives exactly the ``latest`` and ``source``
of ``policy_drift`` over the same reports (tests/analysis/test_policy_sums.py). Pure."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.analysis.drift import differences
from chalicelib.analysis.published import Seen, latest_policy, report_day
from chalicelib.dmarc.model import PolicyPublished


class Reported(Protocol):
    """One report's policy (chalicelib.ports.analyses.ReportedPolicy)."""
    @property
    def policy(self) -> PolicyPublished: ...
    @property
    def reporter(self) -> str: ...
    @property
    def report_id(self) -> str: ...
    @property
    def begin(self) -> datetime: ...
    @property
    def end(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class PolicySums:
    counts: dict[PolicyPublished, int]  # reports per distinct policy
    newest: tuple[Reported, ...]  # the newest report of each distinct policy; the newest of all last
    last_day: date | None  # the last report day (``report_day``); None: no reports
    last: tuple[Reported, ...]  # the reports of last_day, in report order


@dataclass(frozen=True, slots=True)
class CurrentPolicy:
    latest: PolicyPublished  # the current published policy
    source: Seen  # the newest report that agrees with it on every field it states (else the newest report)


EMPTY = PolicySums({}, (), None, ())


def sums_of(reported: Iterable[Reported]) -> PolicySums:
    """The sums of reports given oldest first (Policies.seen's order)."""
    by_id: Counter[int] = Counter()
    policy_of: dict[int, PolicyPublished] = {}
    newest: dict[int, Reported] = {}
    days: dict[tuple[object, object], date] = {}
    last_day: date | None = None
    last: list[Reported] = []
    for r in reported:  # reports read from one day share their policy objects: grouped by id, then by value
        key = id(r.policy)
        by_id[key] += 1
        policy_of[key] = r.policy
        newest.pop(key, None)
        newest[key] = r
        period = (r.begin, r.end)
        day = days.get(period)
        if day is None:
            day = days[period] = report_day(r.begin, r.end)
        if last_day is None or day > last_day:
            last_day, last = day, [r]
        elif day == last_day:
            last.append(r)
    counts: Counter[PolicyPublished] = Counter()
    for key, n in by_id.items():
        counts[policy_of[key]] += n
    return PolicySums(dict(counts), _by_recency(newest.values()), last_day, tuple(last))


def merged(parts: Iterable[PolicySums]) -> PolicySums:
    """The sums of consecutive runs, given oldest first, as one."""
    counts: Counter[PolicyPublished] = Counter()
    newest: list[Reported] = []
    last_day: date | None = None
    last: list[Reported] = []
    for part in parts:
        counts.update(part.counts)
        newest.extend(part.newest)
        if part.last_day is None:
            continue
        if last_day is None or part.last_day > last_day:
            last_day, last = part.last_day, list(part.last)
        elif part.last_day == last_day:
            last.extend(part.last)
    return PolicySums(dict(counts), _by_recency(newest), last_day, tuple(last))


def _by_recency(entries: Iterable[Reported]) -> tuple[Reported, ...]:
    """The newest of each distinct policy (by value) among entries given oldest first, the newest last."""
    newest: dict[PolicyPublished, Reported] = {}
    for r in entries:
        newest.pop(r.policy, None)
        newest[r.policy] = r
    return tuple(newest.values())


def current(sums: PolicySums, domain: str) -> CurrentPolicy | None:
    """The current published policy and its source; None without reports."""
    if sums.last_day is None:
        return None
    observed = [Seen(r.reporter, sums.last_day, r.policy, r.report_id) for r in sums.last]
    weights = [1] * len(observed)
    today = Counter(r.policy for r in sums.last)
    for policy, n in sums.counts.items():  # the rest of the range votes only on ties
        if n > today[policy]:
            observed.append(Seen("", date.min, policy))
            weights.append(n - today[policy])
    latest = latest_policy(observed, domain, weights)
    source = next((r for r in reversed(sums.newest) if not differences(r.policy, latest)), sums.newest[-1])
    return CurrentPolicy(latest, Seen(source.reporter, report_day(source.begin, source.end), source.policy,
                                      source.report_id))
