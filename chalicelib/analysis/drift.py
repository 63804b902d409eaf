"""Policy drift: the DMARC policy each reporter saw (the reports' policy_published), against the latest published
one. A reporter that kept seeing another policy after the latest one appeared drifts: a DNS change not everywhere
yet (resolvers cache the old TXT record up to its TTL), or a second, conflicting record (receivers that see both
apply no policy, others pick one; see the posture check's dmarc_multiple). One day of it is the normal lag of a
change, so a finding is *lasting* only when seen on ``min_days`` (2) days or more.

The latest policy is, field by field, the value most reports stated on the last day with reports (ties: the
value most reports of the range stated, then the newest report's); it holds since the first day of the last
unbroken run of days on which some reporter saw it.
Two policies differ on a field only when both state it: reporters leave out tags they do not report (RFC 7489
reporters have no np, t or discovery_method; Microsoft adds fo, Google np). `discovery_method` (RFC 9990) says
how the reporter found the policy, not what the record says: shown per reporter, never compared. Pure."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from chalicelib.dmarc.model import PolicyPublished

COMPARED = ("p", "sp", "np", "adkim", "aspf", "pct", "fo", "testing")
LASTING_DAYS = 2


@dataclass(frozen=True, slots=True)
class Seen:
    """One report's policy_published: who saw it and on which UTC day (``report_day``)."""
    reporter: str
    day: date
    policy: PolicyPublished
    report_id: str = ""


def report_day(begin: datetime, end: datetime | None) -> date:
    """The UTC day a report covers: the day its period ends in (an exclusive midnight end counts as the day
    before), as report arrivals count it."""
    last = max(end or begin, begin + timedelta(seconds=1)) - timedelta(seconds=1)
    return last.date()


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
    latest_since: date | None
    last_day: date | None  # the last day with reports
    reporters: tuple[ReporterPolicy, ...]
    findings: tuple[DriftFinding, ...]  # lasting ones first
    drift: bool  # some finding is lasting


def _stated(policy: PolicyPublished, field: str) -> str | None:
    value = getattr(policy, field)
    return None if value is None or value == "" else str(value).lower()


def differences(seen: PolicyPublished, latest: PolicyPublished) -> tuple[FieldDiff, ...]:
    out = []
    for field in COMPARED:
        a, b = _stated(seen, field), _stated(latest, field)
        if a is not None and b is not None and a != b:
            out.append(FieldDiff(field, a, b))
    return tuple(out)


def latest_policy(observed: Sequence[Seen], domain: str) -> PolicyPublished:
    """Field by field, the value most reports of the last day state; ties go to the value most reports of the
    whole range state, then to the newest report's."""
    last = max(s.day for s in observed)
    fields: dict[str, str | None] = {}
    for field in COMPARED:
        stated = [(s.day == last, v) for s in observed if (v := _stated(s.policy, field)) is not None]
        today = Counter(v for on_last, v in stated if on_last)
        if not today:
            fields[field] = None
            continue
        overall = Counter(v for _, v in stated)
        rank = {v: (n, overall[v]) for v, n in today.items()}
        top = max(rank.values())
        fields[field] = next(v for on_last, v in reversed(stated) if on_last and rank[v] == top)
    pct = fields.pop("pct")
    return PolicyPublished(domain=domain, pct=int(pct) if pct and pct.isdigit() else None, **fields)  # type: ignore[arg-type]


def policy_drift(observed: Iterable[Seen], domain: str, min_days: int = LASTING_DAYS) -> PolicyDrift:
    """``observed``: oldest first (the order of the reports), as Policies.seen gives them."""
    seen = list(observed)
    if not seen:
        return PolicyDrift(None, None, None, (), (), False)
    latest = latest_policy(seen, domain)
    agrees = {id(s): not differences(s.policy, latest) for s in seen}
    since = _since(seen, agrees)
    findings = _findings([s for s in seen if s.day >= since and not agrees[id(s)]], latest, min_days)
    return PolicyDrift(latest, since, max(s.day for s in seen), _reporters(seen, latest), findings,
                       any(f.lasting for f in findings))


def _since(seen: list[Seen], agrees: dict[int, bool]) -> date:
    """The first day of the last unbroken run of report days on which some report agrees with the latest."""
    by_day: dict[date, bool] = defaultdict(bool)
    for s in seen:
        by_day[s.day] |= agrees[id(s)]
    since = max(by_day)
    for day in sorted(by_day, reverse=True):
        if not by_day[day]:
            break
        since = day
    return since


def _findings(others: list[Seen], latest: PolicyPublished, min_days: int) -> tuple[DriftFinding, ...]:
    groups: dict[tuple[str, tuple[FieldDiff, ...]], list[Seen]] = defaultdict(list)
    for s in others:
        groups[s.reporter, differences(s.policy, latest)].append(s)
    out = []
    for (reporter, diffs), items in groups.items():
        days = {s.day for s in items}
        out.append(DriftFinding(reporter, replace(items[-1].policy, domain=latest.domain), diffs, min(days),
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
