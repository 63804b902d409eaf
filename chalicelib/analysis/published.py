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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.dmarc.model import PolicyPublished

COMPARED = ("p", "sp", "np", "adkim", "aspf", "pct", "fo", "testing")


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


def latest_policy(observed: Sequence[Seen], domain: str, counts: Sequence[int] | None = None) -> PolicyPublished:
    """The current published policy (the rule above) of a non-empty ``observed``, oldest first. ``counts``: how
    many reports each entry stands for (one each when None; the portfolio digest groups a day's reports)."""
    last = max(s.day for s in observed)
    weights = counts if counts is not None else [1] * len(observed)
    fields: dict[str, str | None] = {}
    for field in COMPARED:
        values = [(s.day == last, v, n) for s, n in zip(observed, weights, strict=True)
                  if (v := stated(s.policy, field)) is not None]
        today: Counter[str] = Counter()
        overall: Counter[str] = Counter()
        for on_last, v, n in values:
            overall[v] += n
            if on_last:
                today[v] += n
        if not today:
            fields[field] = None
            continue
        rank = {v: (n, overall[v]) for v, n in today.items()}
        top = max(rank.values())
        fields[field] = next(v for on_last, v, _ in reversed(values) if on_last and rank[v] == top)
    pct = fields.pop("pct")
    return PolicyPublished(domain=domain, pct=int(pct) if pct and pct.isdigit() else None, **fields)  # type: ignore[arg-type]
