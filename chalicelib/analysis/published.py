"""The domain's current published DMARC policy, decided by one rule from what reporters saw (the reports'
policy_published). The plan's current stage, the simulation's default proposal, the overview and the policy
drift view all take it from here.

The rule: field by field, the value most reports stated on the last day with reports; ties go to the value most
reports of the whole range stated, then to the newest report's. A field is *stated* when the report carries it:
reporters leave out tags they do not report (RFC 7489 reporters have no np, t or discovery_method; Microsoft adds
fo, Google np), so a report that leaves a field out neither votes on it nor contradicts it. `discovery_method`
(RFC 9990) says how the reporter found the policy, not what the record says: never compared. Pure."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TypeVar

from chalicelib.dmarc.model import PolicyPublished

COMPARED = ("p", "sp", "np", "adkim", "aspf", "pct", "fo", "testing")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Seen:
    """A reporter saw this policy published on this UTC day (one report's policy_published; ``report_day``)."""
    reporter: str
    day: date
    policy: PolicyPublished
    report_id: str = ""


def report_day(begin: datetime, end: datetime | None) -> date:
    """The UTC day a report covers: the day its period ends in (an exclusive midnight end counts as the day
    before), as report arrivals count it."""
    last = max(end or begin, begin + timedelta(seconds=1)) - timedelta(seconds=1)
    return last.date()


def stated(policy: PolicyPublished, field: str) -> str | None:
    """The field's value as the report states it (lower case), None when the report leaves it out."""
    value = getattr(policy, field)
    return None if value is None or value == "" else str(value).lower()


def per_policy(observed: Iterable[Seen], work: Callable[[PolicyPublished], T]) -> dict[int, T]:
    """``work`` of each report's policy, by the policy object's id, done once per distinct policy: a year of a
    large domain is ~11,000 reports and a handful of policies (reports read from one day of the policy log share
    their policy objects, so the reports are grouped by id before the policies are compared by value)."""
    done: dict[PolicyPublished, T] = {}
    out = {}
    for key, policy in {id(p): p for p in map(attrgetter("policy"), observed)}.items():
        if policy not in done:
            done[policy] = work(policy)
        out[key] = done[policy]
    return out


def latest_policy(observed: Sequence[Seen], domain: str, counts: Sequence[int] | None = None) -> PolicyPublished:
    """The current published policy (the rule above) of a non-empty ``observed``, oldest first. ``counts``: how
    many reports each entry stands for (one each when None; the portfolio digest groups a day's reports)."""
    last = max(map(attrgetter("day"), observed))
    weighted = list(zip(observed, counts if counts is not None else [1] * len(observed), strict=True))
    today = [(s, n) for s, n in weighted if s.day == last]
    reports: Counter[int] = Counter()
    for s, n in weighted:
        reports[id(s.policy)] += n
    states = per_policy(observed, lambda p: [stated(p, field) for field in COMPARED])
    fields: dict[str, str | None] = {}
    for at, field in enumerate(COMPARED):
        values = [(v, n) for s, n in today if (v := states[id(s.policy)][at]) is not None]
        if not values:
            fields[field] = None
            continue
        overall: Counter[str] = Counter()
        for key, count in reports.items():
            if (v := states[key][at]) is not None:
                overall[v] += count
        on_last: Counter[str] = Counter()
        for v, n in values:
            on_last[v] += n
        rank = {v: (n, overall[v]) for v, n in on_last.items()}
        top = max(rank.values())
        fields[field] = next(v for v, _ in reversed(values) if rank[v] == top)
    pct = fields.pop("pct")
    return PolicyPublished(domain=domain, pct=int(pct) if pct and pct.isdigit() else None, **fields)  # type: ignore[arg-type]
