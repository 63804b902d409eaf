"""Reprocess use case: rebuild the stored data from the raw-mail archive (after a parser fix), and claim the
unclaimed reports of a newly registered domain. Idempotent: running it twice changes nothing more.

A day rollup is rebuilt from the report items alone, then written only if no merge came in since it was read
(`Rollups.replace` is conditional on the day's version); on a conflict that day is simply rebuilt again. Each
report read again puts its policy in the policy log, or drops it, by its new content and status
(services.policy_log)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.analysis.daily import MAX_SPAN_DAYS, day_weights
from chalicelib.analysis.facts import Fact
from chalicelib.dmarc import AggregateReport
from chalicelib.dmarc.tls_model import TlsReport
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import Domains, Failures, RawMail, Reports, Rollups, Status, StoredReport
from chalicelib.provenance import Provenance
from chalicelib.services import trust
from chalicelib.services.caps import cap_sources, source_drop_failure
from chalicelib.services.ingest import IngestService, report_key, reported_policy
from chalicelib.services.trust import ACCEPTED, Action

MAX_ATTEMPTS = 20


@dataclass
class ReprocessSummary:
    objects: int = 0
    reports: int = 0
    changed: int = 0  # report items whose content differed from the stored one
    days_rebuilt: int = 0
    failures: Counter[str] = field(default_factory=Counter)


class ConflictError(RuntimeError):
    """A day kept changing under the rebuild (MAX_ATTEMPTS conditional writes lost)."""


class ReprocessService:
    def __init__(self, ingest: IngestService) -> None:
        self.ingest = ingest
        self.raw: RawMail = ingest.raw
        self.reports: Reports = ingest.reports
        self.rollups: Rollups = ingest.rollups
        self.domains: Domains = ingest.domains
        self.failures: Failures = ingest.failures
        self._cache: dict[str, dict[date, list[Fact]]] = {}

    def run(self, bucket: str, prefix: str, domain: str | None = None, since: date | None = None,
            progress: Callable[[str], None] | None = None, keys: Iterable[str] | None = None) -> ReprocessSummary:
        """Rebuilds from the objects under `prefix` (or exactly `keys`, when given)."""
        summary = ReprocessSummary()
        touched: dict[str, set[date]] = {}
        begun: dict[str, set[date]] = {}  # the days reports begin on (their policies count there)
        known: dict[str, list[tuple[ReportedPolicy, bool]]] = {}  # the reports changed, and whether they count
        for key in self.raw.keys(bucket, prefix, since) if keys is None else keys:
            summary.objects += 1
            if progress:
                progress(key)
            data = self.raw.get(bucket, key)
            outcome = self.ingest.read(data, key)
            if domain is None or outcome.found:
                self.ingest.track(key, data, outcome)
            summary.reports += self._tls(outcome.tls, data, key, domain)
            if not outcome.reports:
                if not outcome.tls:
                    summary.failures[outcome.main_problem().kind.value] += 1
                continue
            judged = self.ingest.provenance_of(data, key)
            for report in outcome.reports:
                if domain is not None and report.domain != domain:
                    continue
                summary.reports += 1
                before = self.ingest.stored(report_key(report))
                changed = self._restore(report, key, judged(report), before)
                summary.changed += changed
                days = touched.setdefault(report.domain, set())
                days.update(day_weights(report.metadata.begin, report.metadata.end))
                starts = begun.setdefault(report.domain, set())
                starts.add(report.metadata.begin.astimezone(UTC).date())
                if before is not None:
                    days.update(day_weights(before.begin, before.end))
                    starts.add(before.begin.astimezone(UTC).date())
                now = self._counted(report)
                if changed or before is None or before.status.counted != now[1]:  # for the digest's pending ones
                    known.setdefault(report.domain, []).append(now)
        for name, days in sorted(touched.items()):
            summary.days_rebuilt += self.rebuild(name, days, digest=False)
            if self.ingest.digests is not None and self.ingest.claimed(name):
                stored = known.get(name, [])
                self.ingest.digests.refresh(name, days | begun.get(name, set()), [r for r, c in stored if c],
                                            [r for r, c in stored if not c])
        return summary

    def _counted(self, report: AggregateReport) -> tuple[ReportedPolicy, bool]:
        """The report as it is stored now that it is read again, and whether it counts (for the digest)."""
        key = report_key(report)
        stored = self.reports.get(key)
        if stored is None or not stored.status.counted:
            return reported_policy(report), False
        kept = report if stored.content == trust.content_digest(report) else self.reports.load(key)
        return reported_policy(kept), True

    def _tls(self, reports: tuple[TlsReport, ...], data: bytes, key: str, domain: str | None) -> int:
        """Stores the mail's SMTP TLS reports again (the same rule as live ingest); how many were read."""
        if self.ingest.tls is None or not reports:
            return 0
        judge = self.ingest.mail_judge(data, key)
        wanted = [r for r in reports if domain is None or domain in r.policy_domains]
        for report in wanted:
            self.ingest.tls.ingest(report if domain is None else report.for_domain(domain), key, judge)
        return len(wanted)

    def _restore(self, report: AggregateReport, raw_key: str, provenance: Provenance,
                 before: StoredReport | None) -> bool:
        """Stores one report read again from `raw_key` under the rule live ingest applies (services.trust), so
        both end in the same state whatever order the objects are read in. True when the item changed."""
        policy = self.ingest.policy
        key, content = report_key(report), trust.content_digest(report)
        action = trust.decide(before, content, provenance, raw_key, policy.count_unverified)
        claimed = self.ingest.claimed(report.domain)
        status = trust.initial_status(provenance, claimed, policy.count_unverified)
        if action is Action.REFRESH and before is not None and before.provenance.reason == ACCEPTED:
            status, provenance = (Status.PENDING if claimed else Status.UNCLAIMED), before.provenance
        elif action is Action.REFRESH and before is not None and before.status is Status.REJECTED:
            status = Status.REJECTED
        if before is not None and before.status is Status.APPLIED and status is Status.PENDING:
            status = Status.APPLIED  # merged already; the rebuild below recomputes its days either way
        if action in (Action.CREATE, Action.REFRESH):
            changed = self.reports.replace(key, report, raw_key, status, provenance, content)
            if not changed and before is not None and (
                    before.status, before.provenance.trust, before.provenance.reason) != (
                    status, provenance.trust, provenance.reason):
                self.reports.set_status(key, status, provenance)  # same content, judged or claimed anew
            self.ingest.log_policy(report, status.counted, before)  # its policy or its status may have changed
            return changed
        if action is Action.UPGRADE:
            self.reports.set_status(key, status, provenance)
            self.ingest.log_policy(report, status.counted, before)
            return True
        if action in (Action.REPLACE, Action.KEEP):  # REPLACE puts the new copy in the policy log
            assert before is not None
            self.ingest.resolve_conflict(key, report, raw_key, provenance, content, before, action, merge=False)
            return action is Action.REPLACE
        return False

    def reprocess_object(self, bucket: str, key: str) -> ReprocessSummary:
        """`run` for one raw object (a failure row's "reprocess"). Raises NotFound when it is gone."""
        return self.run(bucket, "", keys=[key])

    def claim(self, domain: str) -> int:
        """Merges every stored report of a (newly registered) domain: rebuilds all its days, then its portfolio
        digest. Returns days."""
        days: set[date] = set(self.rollups.days(domain))
        for stored in self.reports.by_domain(domain):
            days.update(day_weights(stored.begin, stored.end))
        count = self.rebuild(domain, days, digest=False)
        if self.ingest.digests is not None and self.ingest.claimed(domain):
            self.ingest.digests.build(domain)
        return count

    def rebuild(self, domain: str, days: Iterable[date], digest: bool = True) -> int:
        """Recomputes the given days of a registered domain from its report items, and their portfolio digest days
        (unless `digest` is False: the caller builds the digest); marks the reports applied."""
        if not self.ingest.claimed(domain):
            return 0
        days = set(days)
        included: dict[str, StoredReport] = {}
        count = 0
        for day in sorted(days):
            for attempt in range(MAX_ATTEMPTS):
                expected = self.rollups.state(domain, day)
                stored = list(self._covering(domain, day))
                facts = self._capped(domain, day, stored)
                if self.rollups.replace(domain, day, expected, frozenset(s.key for s in stored), facts):
                    included.update((s.key, s) for s in stored)
                    count += 1
                    break
                if attempt == MAX_ATTEMPTS - 1:
                    raise ConflictError(f"{domain} {day}: the day kept changing during the rebuild")
        if digest and self.ingest.digests is not None:
            self.ingest.digests.refresh(domain, days)
        for key, report in included.items():
            if report.status is not Status.APPLIED:
                self.reports.set_status(key, Status.APPLIED)
        return count

    def _capped(self, domain: str, day: date, stored: list[StoredReport]) -> list[Fact]:
        """The day's facts from its reports, in order, under the sources cap (drops recorded as at ingest)."""
        known: set[str] = set()
        facts: list[Fact] = []
        cap = self.ingest.caps.day_sources
        for s in stored:
            kept, drop = cap_sources(known, self._day_facts(s.key, day), cap)
            facts += kept
            if drop is not None:
                self.failures.record(source_drop_failure(domain, s.key, s.raw_key, drop, cap, self.ingest.clock()))
        return facts

    def _covering(self, domain: str, day: date) -> Iterable[StoredReport]:
        start = datetime.combine(day, time(), tzinfo=UTC)
        candidates = self.reports.by_domain(domain, start - timedelta(days=MAX_SPAN_DAYS + 1),
                                            start + timedelta(days=1))
        return (s for s in candidates if s.status.counted and day in day_weights(s.begin, s.end))

    def _day_facts(self, key: str, day: date) -> list[Fact]:
        cached = self._cache.get(key)
        if cached is None:
            cached = self.ingest.day_facts(self.reports.load(key))
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = cached
        return cached.get(day, [])
