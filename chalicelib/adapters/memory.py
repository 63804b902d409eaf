"""In-memory fakes of every port in chalicelib.ports, for use-case tests (`bootstrap(**memory_adapters())`).
Each one passes the same contract test (tests/contract) as the real adapter. Pure: standard library only."""
from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from chalicelib.adapters.memory_summaries import MemorySummaries
from chalicelib.adapters.ranges import checked
from chalicelib.alerting.render import Message
from chalicelib.alerting.rules import Rule
from chalicelib.alerting.state import AlertEvent, AlertState
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.summary import summarize
from chalicelib.dmarc.model import AggregateReport
from chalicelib.errors import BadToken, ClaimChanged, RuleConflict, RuleNotFound
from chalicelib.ports.alerts import DigestSubscription, SentNotification
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import (
    DayState,
    Domain,
    Failure,
    FailureFilter,
    NotFound,
    Page,
    Status,
    StoredReport,
    UnclaimedReport,
)
from chalicelib.ports.registry import Change
from chalicelib.ports.rows import fill
from chalicelib.provenance import Provenance, operator
from chalicelib.registry import Matcher, RegistryEntry

T = TypeVar("T")


def _page(items: Sequence[T], limit: int, token: str | None) -> Page[T]:
    """Offset tokens; like DynamoDB, a full page may be followed by an empty last one."""
    start = _offset(token)
    chunk = tuple(items[start:start + limit])
    return Page(chunk, str(start + limit) if len(chunk) == limit else None)


def _offset(token: str | None) -> int:
    if token is not None and not token.isdigit():
        raise BadToken()
    return int(token or 0)


def _rows(items: Sequence[T], token: str | None) -> Iterator[tuple[T, str | None]]:
    """Offset tokens, row by row (chalicelib.ports.rows): the token after the last row is None."""
    start = _offset(token)
    for at in range(start, len(items)):
        yield items[at], str(at + 1) if at + 1 < len(items) else None


class MemoryRawMail:
    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, date]] = {}

    def get(self, bucket: str, key: str) -> bytes:
        try:
            return self.objects[bucket, key][0]
        except KeyError:
            raise NotFound(f"s3://{bucket}/{key}") from None

    def put(self, bucket: str, key: str, data: bytes) -> None:
        self.objects[bucket, key] = (bytes(data), datetime.now(UTC).date())

    def keys(self, bucket: str, prefix: str, since: date | None = None) -> Iterator[str]:
        for (b, key), (_, day) in sorted(self.objects.items()):
            if b == bucket and key.startswith(prefix) and (since is None or day >= since):
                yield key


class MemoryReports:
    def __init__(self) -> None:
        self.items: dict[str, tuple[StoredReport, AggregateReport]] = {}
        self.stamps: dict[str, int] = {}  # write order, for the newest-first listing of held reports
        self._clock = itertools.count()

    def get(self, key: str) -> StoredReport | None:
        found = self.items.get(key)
        return found[0] if found else None

    def create(self, key: str, report: AggregateReport, raw_key: str, status: Status,
               provenance: Provenance | None = None, content: str | None = None) -> bool:
        if key in self.items:
            return False
        self._write(key, report, raw_key, status, provenance, content)
        return True

    def replace(self, key: str, report: AggregateReport, raw_key: str, status: Status,
                provenance: Provenance | None = None, content: str | None = None) -> bool:
        if key in self.items and self.items[key][1] == report:
            return False
        self._write(key, report, raw_key, status, provenance, content)
        return True

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None:
        stored, report = self.items[key]
        self.items[key] = (replace(stored, status=status, provenance=provenance or stored.provenance), report)
        self.stamps[key] = next(self._clock)

    def held(self, limit: int, token: str | None = None) -> Page[StoredReport]:
        return fill(self.held_rows(token, limit + 1), limit)

    def held_rows(self, token: str | None, batch: int) -> Iterator[tuple[StoredReport, str | None]]:
        held = [s for s, _ in self.items.values() if s.status is Status.HELD]
        return _rows(sorted(held, key=lambda s: self.stamps[s.key], reverse=True), token)

    def load(self, key: str) -> AggregateReport:
        return self.items[key][1]

    def by_domain(self, domain: str, begin_from: datetime | None = None,
                  begin_to: datetime | None = None) -> Iterator[StoredReport]:
        low = begin_from or datetime(1970, 1, 1, tzinfo=UTC)
        high = begin_to or datetime(9999, 1, 1, tzinfo=UTC)
        yield from sorted((s for s, _ in self.items.values() if s.domain == domain and low <= s.begin <= high),
                          key=lambda s: (s.begin, s.key))

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[StoredReport]:
        return _page(list(self.by_domain(domain))[::-1], limit, token)

    def _write(self, key: str, report: AggregateReport, raw_key: str, status: Status,
               provenance: Provenance | None, content: str | None) -> None:
        provenance = provenance or operator()
        meta = report.metadata
        digest = hashlib.sha256(repr(report.records).encode()).hexdigest()
        stored = StoredReport(key, report.domain, meta.org_name, meta.report_id, meta.begin, meta.end, raw_key,
                              status, len(report.records), report.message_count, tuple(report.warnings), digest,
                              provenance, content)
        self.items[key] = (stored, report)
        self.stamps[key] = next(self._clock)


class MemoryTrustedReporters:
    def __init__(self) -> None:
        self.names: set[str] = set()

    def list(self) -> frozenset[str]:
        return frozenset(self.names)

    def add(self, domain: str) -> None:
        self.names.add(domain.strip().rstrip(".").lower())

    def remove(self, domain: str) -> bool:
        name = domain.strip().rstrip(".").lower()
        found = name in self.names
        self.names.discard(name)
        return found


class MemoryRollups:
    """Day rollups, plus the read methods of the analyses' DayFacts port. Each write also writes the day's
    summary to `summaries` (when given), as the DynamoDB adapter does."""

    def __init__(self, summaries: MemorySummaries | None = None) -> None:
        self.days_of: dict[tuple[str, date], tuple[int, frozenset[str], list[Fact]]] = {}
        self.chunk = 5000  # facts per chunk of fact_chunks (a stored item holds about this many)
        self.summaries = summaries

    def merge(self, domain: str, day: date, unit: str, facts: Sequence[Fact]) -> bool:
        version, units, held = self.days_of.get((domain, day), (0, frozenset(), []))
        if unit in units:
            return False
        self._write(domain, day, version + 1, units | {unit}, [*held, *facts])
        return True

    def _write(self, domain: str, day: date, version: int, units: frozenset[str], facts: list[Fact]) -> None:
        self.days_of[domain, day] = (version, units, facts)
        if self.summaries is not None:
            self.summaries.put_summary(domain, day, version, summarize(facts))

    def state(self, domain: str, day: date) -> DayState:
        found = self.days_of.get((domain, day))
        return DayState(found[0], found[1]) if found else DayState(None, frozenset())

    def replace(self, domain: str, day: date, expected: DayState, units: frozenset[str],
                facts: Sequence[Fact]) -> bool:
        current = self.state(domain, day)
        if current.version != expected.version:
            return False
        self._write(domain, day, (current.version or 0) + 1, frozenset(units), list(facts))
        return True

    def facts(self, domain: str, start: date, end: date) -> list[Fact]:
        return [f for (_, facts) in self.range_facts(domain, start, end).values() for f in facts]

    def days(self, domain: str) -> list[date]:
        return sorted(day for d, day in self.days_of if d == domain)

    def span(self, domain: str) -> tuple[date, date] | None:
        days = self.days(domain)
        return (days[0], days[-1]) if days else None

    def versions(self, domain: str, start: date, end: date) -> dict[date, int]:
        checked(start, end)
        return {day: v for (d, day), (v, _, _) in self.days_of.items() if d == domain and start <= day <= end}

    def range_facts(self, domain: str, start: date, end: date) -> dict[date, tuple[int, list[Fact]]]:
        checked(start, end)
        return {day: (v, list(facts)) for (d, day), (v, _, facts) in sorted(self.days_of.items())
                if d == domain and start <= day <= end}

    def fact_chunks(self, domain: str, start: date, end: date) -> Iterator[list[Fact]]:
        checked(start, end)
        for (d, day), (_, _, facts) in sorted(self.days_of.items()):
            if d == domain and start <= day <= end:
                for at in range(0, len(facts), self.chunk):
                    yield facts[at:at + self.chunk]

    def day_facts(self, domain: str, days: Iterable[date]) -> dict[date, tuple[int, list[Fact]]]:
        wanted = set(days)
        return {day: (v, list(facts)) for (d, day), (v, _, facts) in self.days_of.items()
                if d == domain and day in wanted}


def _normalise(name: str) -> str:
    return name.strip().rstrip(".").lower()


class MemoryDomains:
    def __init__(self) -> None:
        self.items: dict[str, Domain] = {}

    def get(self, name: str) -> Domain | None:
        return self.items.get(_normalise(name))

    def add(self, name: str, org: str | None = None, proven: datetime | None = None, display_name: str = ""
            ) -> Domain:
        found = self.get(name)
        if found is not None and found.active:
            return found
        self.items[_normalise(name)] = Domain(_normalise(name), datetime.now(UTC), None, org, proven, display_name)
        return self.items[_normalise(name)]

    def assign(self, name: str, org: str | None, proven: datetime | None, expected: Domain) -> Domain | None:
        found = self.get(name)
        if found is None or not found.active:
            return None
        if (found.org, found.proven) != (expected.org, expected.proven):
            raise ClaimChanged(found.name)
        named = found.display_name if found.org in (None, org) else ""
        self.items[found.name] = replace(found, org=org, proven=proven, display_name=named)
        return self.items[found.name]

    def remove(self, name: str) -> bool:
        found = self.get(name)
        if found is None or not found.active:
            return False
        self.items[found.name] = replace(found, removed=datetime.now(UTC))
        return True

    def list(self, include_removed: bool = False) -> list[Domain]:
        return sorted((d for d in self.items.values() if include_removed or d.active), key=lambda d: d.name)


class MemoryFailures:
    def __init__(self) -> None:
        self.items: dict[str, Failure] = {}

    def record(self, failure: Failure) -> None:
        self.items[failure.id] = replace(failure, message=failure.message[:2000])

    def get(self, failure_id: str) -> Failure | None:
        return self.items.get(failure_id)

    def clear(self, failure_id: str) -> None:
        self.items.pop(failure_id, None)

    def page(self, limit: int, token: str | None = None, where: FailureFilter | None = None) -> Page[Failure]:
        return fill(self.rows(token, where, limit + 1), limit)

    def rows(self, token: str | None, where: FailureFilter | None, batch: int) -> Iterator[tuple[Failure, str | None]]:
        where = where or FailureFilter()
        picked = [f for f in self.items.values() if (where.kind is None or f.kind == where.kind)
                  and (where.start is None or f.at.astimezone(UTC).date() >= where.start)
                  and (where.end is None or f.at.astimezone(UTC).date() <= where.end)]
        return _rows(sorted(picked, key=lambda f: f.at, reverse=True), token)


class MemoryUnclaimed:
    """The unclaimed reports of a MemoryReports."""

    def __init__(self, store: MemoryReports) -> None:
        self.store = store

    def reports(self) -> Iterator[UnclaimedReport]:
        for stored, _ in list(self.store.items.values()):
            if stored.status is Status.UNCLAIMED:
                yield UnclaimedReport(stored.domain, stored.begin, stored.end, stored.message_count)


class MemoryReportPolicies:
    """The policy of every counted report beginning in the range, read from a MemoryReports (the report-item
    read the policy log's backfill uses)."""

    def __init__(self, reports: MemoryReports) -> None:
        self.reports = reports

    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        checked(start, end)
        low = datetime.combine(start, time(), tzinfo=UTC)
        high = datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) - timedelta(microseconds=1)
        return [ReportedPolicy(self.reports.load(s.key).policy, s.org_name, s.report_id, s.begin, s.end)
                for s in self.reports.by_domain(domain, low, high) if s.status.counted]


class MemoryRegistry:
    def __init__(self) -> None:
        self.registries: dict[str, tuple[int, dict[str, RegistryEntry]]] = {}

    def version(self, domain: str) -> int:
        return self.registries.get(domain, (0, {}))[0]

    def versions(self, domains: Sequence[str]) -> dict[str, int]:
        return {d: self.version(d) for d in domains}

    def snapshot(self, domain: str) -> tuple[int, list[RegistryEntry]]:
        version, entries = self.registries.get(domain, (0, {}))
        return version, list(entries.values())

    def entries(self, domain: str) -> list[RegistryEntry]:
        return self.snapshot(domain)[1]

    def get(self, domain: str, key: str) -> RegistryEntry | None:
        return self.registries.get(domain, (0, {}))[1].get(key)

    def edit(self, domain: str, change: Change, force: bool = False) -> int:
        version, entries = self.registries.get(domain, (0, {}))
        wanted = change(dict(entries))
        if not force and (wanted is None or wanted == entries):
            return version
        self.registries[domain] = (version + 1, dict(wanted if wanted is not None else entries))
        return version + 1

    def put(self, domain: str, entry: RegistryEntry, only_new: bool = False) -> bool:
        if only_new and self.get(domain, entry.key) is not None:
            return False
        self.edit(domain, lambda current: {**current, entry.key: entry})
        return True

    def delete(self, domain: str, key: str) -> bool:
        if self.get(domain, key) is None:
            return False
        self.edit(domain, lambda current: {k: e for k, e in current.items() if k != key})
        return True

    def put_many(self, domain: str, entries: Iterable[RegistryEntry], delete: Iterable[str] = ()) -> int:
        gone, new = set(delete), {e.key: e for e in entries}
        return self.edit(domain, lambda current: {**{k: e for k, e in current.items() if k not in gone}, **new})

    def bump(self, domain: str) -> int:
        return self.edit(domain, lambda current: current, force=True)


class MemoryTags:
    def __init__(self, registry: MemoryRegistry) -> None:
        self.registry = registry

    def for_domain(self, domain: str) -> Matcher:
        return Matcher(self.registry.entries(domain))

    def names(self, domain: str) -> frozenset[str]:
        return frozenset(e.tag for e in self.registry.entries(domain))


class MemoryAlertRules:
    def __init__(self) -> None:
        self.rules: dict[tuple[str, str], Rule] = {}
        self.digests: dict[str, DigestSubscription] = {}

    def list(self, domain: str) -> list[Rule]:
        return [r for (d, _), r in sorted(self.rules.items()) if d == domain]

    def get(self, domain: str, rule_id: str) -> Rule | None:
        return self.rules.get((domain, rule_id))

    def create(self, rule: Rule) -> None:
        if (rule.domain, rule.rule_id) in self.rules:
            raise RuleConflict(rule.rule_id)
        self.rules[rule.domain, rule.rule_id] = rule

    def replace(self, rule: Rule) -> None:
        if (rule.domain, rule.rule_id) not in self.rules:
            raise RuleNotFound(rule.rule_id)
        self.rules[rule.domain, rule.rule_id] = rule

    def delete(self, domain: str, rule_id: str) -> bool:
        return self.rules.pop((domain, rule_id), None) is not None

    def digest(self, domain: str) -> DigestSubscription:
        return self.digests.get(domain, DigestSubscription(domain))

    def set_digest(self, subscription: DigestSubscription) -> None:
        self.digests[subscription.domain] = subscription

    def forget(self, domain: str) -> int:
        gone = [key for key in self.rules if key[0] == domain]
        for key in gone:
            del self.rules[key]
        return len(gone) + (self.digests.pop(domain, None) is not None)


class MemoryAlertStates:
    def __init__(self) -> None:
        self.states: dict[tuple[str, str, str], AlertState] = {}

    def active(self, domain: str) -> list[AlertState]:
        return [s for (d, _, _), s in sorted(self.states.items()) if d == domain]

    def put(self, state: AlertState) -> None:
        self.states[state.domain, state.rule_id, state.subject] = state

    def delete(self, state: AlertState) -> None:
        self.states.pop((state.domain, state.rule_id, state.subject), None)

    def forget(self, domain: str) -> int:
        gone = [key for key in self.states if key[0] == domain]
        for key in gone:
            del self.states[key]
        return len(gone)


class MemoryAlertHistory:
    def __init__(self) -> None:
        self.events: list[AlertEvent] = []

    def append(self, event: AlertEvent) -> None:
        self.events.append(event)

    def forget(self, domain: str) -> int:
        kept = [e for e in self.events if e.domain != domain]
        gone, self.events = len(self.events) - len(kept), kept
        return gone

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[AlertEvent]:
        mine = [e for e in self.events if e.domain == domain]
        newest_first = [e for _, e in sorted(enumerate(mine), key=lambda p: (p[1].at, p[0]), reverse=True)]
        return _page(newest_first, limit, token)


class MemoryNotificationLog:
    def __init__(self) -> None:
        self.sent: list[SentNotification] = []

    def record(self, sent: SentNotification) -> None:
        self.sent.append(sent)

    def page(self, limit: int, token: str | None = None) -> Page[SentNotification]:
        return fill(self.rows(token, limit + 1), limit)

    def rows(self, token: str | None, batch: int) -> Iterator[tuple[SentNotification, str | None]]:
        newest_first = [s for _, s in sorted(enumerate(self.sent), key=lambda p: (p[1].at, p[0]), reverse=True)]
        return _rows(newest_first, token)


class MemoryNotifier:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._ids = itertools.count(1)

    def publish(self, message: Message) -> str:
        self.messages.append(message)
        return f"memory-{next(self._ids)}"


class MemoryNameCache:
    def __init__(self) -> None:
        self.items: dict[str, tuple[str, datetime]] = {}

    def get_many(self, addresses: Iterable[str], now: datetime) -> dict[str, str]:
        return {a: self.items[a][0] for a in set(addresses) if a in self.items and self.items[a][1] > now}

    def put_many(self, names: dict[str, str] | Any, expires: datetime) -> None:
        for address, name in names.items():
            self.items[address] = (name, expires)


def memory_adapters() -> dict[str, Any]:
    """Fresh fakes under the names wiring.bootstrap takes: `bootstrap(settings, **memory_adapters())`."""
    from chalicelib.adapters.memory_access import MemoryAccess
    from chalicelib.adapters.memory_digests import MemoryDigests
    from chalicelib.adapters.memory_exports import MemoryExports
    from chalicelib.adapters.memory_policylog import MemoryPolicyLog
    from chalicelib.adapters.memory_posture import MemoryPostureStore
    from chalicelib.adapters.memory_tls import MemoryTlsReports
    from chalicelib.services.alerts import AlertStores

    reports, registry, summaries = MemoryReports(), MemoryRegistry(), MemorySummaries()
    return {
        "raw_mail": MemoryRawMail(), "reports": reports, "rollups": MemoryRollups(summaries),
        "summaries": summaries, "digests": MemoryDigests(), "domains": MemoryDomains(),
        "failures": MemoryFailures(), "report_policies": MemoryReportPolicies(reports),
        "policy_log": MemoryPolicyLog(),
        "unclaimed": MemoryUnclaimed(reports), "registry": registry,
        "tags": MemoryTags(registry), "notifier": MemoryNotifier(), "trusted_reporters": MemoryTrustedReporters(),
        "name_cache": MemoryNameCache(), "export_store": MemoryExports(),
        "tls_reports": MemoryTlsReports(), "posture_store": MemoryPostureStore(), "access": MemoryAccess(),
        "alert_stores": AlertStores(MemoryAlertRules(), MemoryAlertStates(), MemoryAlertHistory(),
                                    MemoryNotificationLog()),
    }
