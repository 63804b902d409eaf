"""Policy drift: the DMARC policy each reporter saw (the reports' policy_published), against the latest published
one. A reporter that kept seeing another policy after the latest one appeared drifts: a DNS change not everywhere
yet (resolvers cache the old TXT record up to its TTL), or a second, conflicting record (receivers that see both
apply no policy, others pick one; see the posture check's dmarc_multiple). One day of it is the normal lag of a
change, so a finding is *lasting* only when seen on ``min_days`` (2) days or more.

The latest policy is the domain's current published one (chalicelib.analysis.published: field by field, what
most reports of the last day stated); it holds since the first day of the last unbroken run of days on which
some reporter saw it. Two policies differ on a field only when both state it; `discovery_method` is shown per
reporter, never compared. Pure."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from chalicelib.analysis.published import COMPARED, Seen, latest_policy, per_policy, stated
from chalicelib.dmarc.model import PolicyPublished

LASTING_DAYS = 2


@dataclass(frozen=True, slots=True)
class FieldDiff:
    field: str
    seen: str
    latest: str


@dataclass(frozen=True, slots=True)
class ReporterPolicy:
    """The policy a reporter saw last in the range."""
    reporter: str
    policy: PolicyPublished
    last_seen: date
    reports: int
    differences: tuple[FieldDiff, ...]  # against the latest policy; () when it agrees


@dataclass(frozen=True, slots=True)
class DriftFinding:
    """A reporter that saw another policy than the latest one on days since the latest one appeared."""
    reporter: str
    policy: PolicyPublished
    differences: tuple[FieldDiff, ...]
    first_day: date
    last_day: date
    days: int  # distinct days it was seen
    reports: int
    lasting: bool  # seen on min_days days or more: drift, not the lag of a change


@dataclass(frozen=True, slots=True)
class PolicyDrift:
    latest: PolicyPublished | None  # None: no report in the range
    source: Seen | None  # the newest report that agrees with `latest` on every field it states
    latest_since: date | None
    last_day: date | None  # the last day with reports
    reporters: tuple[ReporterPolicy, ...]
    findings: tuple[DriftFinding, ...]  # lasting ones first
    drift: bool  # some finding is lasting


def differences(seen: PolicyPublished, latest: PolicyPublished) -> tuple[FieldDiff, ...]:
    out = []
    for field in COMPARED:
        a, b = stated(seen, field), stated(latest, field)
        if a is not None and b is not None and a != b:
            out.append(FieldDiff(field, a, b))
    return tuple(out)


def policy_drift(observed: Iterable[Seen], domain: str, min_days: int = LASTING_DAYS) -> PolicyDrift:
    """``observed``: oldest first (the order of the reports), as Policies.seen gives them."""
    seen = list(observed)
    if not seen:
        return PolicyDrift(None, None, None, None, (), (), False)
    latest = latest_policy(seen, domain)
    diffs = per_policy(seen, lambda p: differences(p, latest))  # by id(s.policy)
    since = _since(seen, diffs)
    findings = _findings([s for s in seen if s.day >= since and diffs[id(s.policy)]], latest, diffs, min_days)
    source = next((s for s in reversed(seen) if not diffs[id(s.policy)]), seen[-1])
    return PolicyDrift(latest, source, since, max(s.day for s in seen), _reporters(seen, latest), findings,
                       any(f.lasting for f in findings))


def _since(seen: list[Seen], diffs: dict[int, tuple[FieldDiff, ...]]) -> date:
    """The first day of the last unbroken run of report days on which some report agrees with the latest."""
    by_day: dict[date, bool] = defaultdict(bool)
    for s in seen:
        by_day[s.day] |= not diffs[id(s.policy)]
    since = max(by_day)
    for day in sorted(by_day, reverse=True):
        if not by_day[day]:
            break
        since = day
    return since


def _findings(others: list[Seen], latest: PolicyPublished, diffs: dict[int, tuple[FieldDiff, ...]],
              min_days: int) -> tuple[DriftFinding, ...]:
    groups: dict[tuple[str, tuple[FieldDiff, ...]], list[Seen]] = defaultdict(list)
    for s in others:
        groups[s.reporter, diffs[id(s.policy)]].append(s)
    out = []
    for (reporter, found), items in groups.items():
        days = {s.day for s in items}
        out.append(DriftFinding(reporter, replace(items[-1].policy, domain=latest.domain), found, min(days),
                                max(days), len(days), len(items), len(days) >= min_days))
    return tuple(sorted(out, key=lambda f: (not f.lasting, -f.days, f.reporter)))


def _reporters(seen: list[Seen], latest: PolicyPublished) -> tuple[ReporterPolicy, ...]:
    last: dict[str, Seen] = {}
    counts: Counter[str] = Counter()
    for s in seen:
        counts[s.reporter] += 1
        if s.reporter not in last or s.day >= last[s.reporter].day:
            last[s.reporter] = s
    return tuple(ReporterPolicy(r, s.policy, s.day, counts[r], differences(s.policy, latest))
                 for r, s in sorted(last.items(), key=lambda kv: kv[0].lower()))
