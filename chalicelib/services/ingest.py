"""Ingest use case: one raw mail object -> stored reports merged into their day rollups, exactly once.

Write order, each step a single-item conditional write, so a crash between any two steps followed by a retry
neither loses nor double-counts: (1) report item, status pending (records included); (2) its policy in the
policy log (services.policy_log; put again by every later delivery of a counted report, a no-op when there);
(3) each day rollup, merged unless the report key is already in the day's set; (4) report status applied. A
report for an unregistered domain is stored as unclaimed and not merged; `ReprocessService.claim` merges it later.

Every report is judged before it counts (chalicelib.provenance): SES's verdicts on the report mail must show
the reporter's own domain, or the operator imported the file (`cli import` writes under OPERATOR_MARK). A
report that is not authenticated is stored as held: listed, merged into nothing until an operator accepts it.
Which copy wins when two share a key is services.trust's one rule."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import quote

from chalicelib.analysis.daily import facts_by_day
from chalicelib.analysis.facts import Fact
from chalicelib.dmarc import AggregateReport, Limits, Outcome, read_message
from chalicelib.dmarc.headers import clean, subject_and_sender
from chalicelib.dmarc.limits import DEFAULT_LIMITS
from chalicelib.errors import ReportNotHeld, UnknownReport
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import (
    Domains,
    Failure,
    Failures,
    NotFound,
    RawMail,
    Reports,
    Rollups,
    Status,
    StoredReport,
    TrustedReporters,
)
from chalicelib.ports.tls import TlsReports
from chalicelib.provenance import MailAuth, Provenance, ReporterMap, judge, load_reporters, mail_auth, operator
from chalicelib.services import trust
from chalicelib.services.caps import cap_records, cap_sources, source_drop_failure
from chalicelib.services.policy_log import PolicyLogService
from chalicelib.services.portfolio_digest import begin_day
from chalicelib.services.senders import SenderNaming
from chalicelib.services.tls_ingest import TlsIngest, TlsStored
from chalicelib.services.trust import Action
from chalicelib.settings import Caps

if TYPE_CHECKING:
    from chalicelib.services.portfolio_digest import DigestKeeper

MISSING_OBJECT = "missing_object"
OPERATOR_MARK = "cli-"  # object names the operator's `cli import` writes (SES names objects by message id)


class Verdict(StrEnum):
    INGESTED = "ingested"  # stored and merged by this object
    DUPLICATE = "duplicate"  # the same report was already stored from another object
    UNCLAIMED = "unclaimed"  # stored; its domain is not registered
    HELD = "held"  # stored; not authenticated, so it counts nowhere until an operator accepts it
    CONFLICT = "conflict"  # another copy with the same key and other content: recorded, the rule decided


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    key: str
    domain: str
    org_name: str
    report_id: str
    verdict: Verdict
    records: int
    messages: int
    provenance: Provenance | None = None
    kind: str = "aggregate"  # or "tls": an SMTP TLS report (records: its policies, messages: its sessions)


@dataclass(frozen=True, slots=True)
class IngestResult:
    object_key: str
    reports: tuple[ReportOutcome, ...]
    failure: Failure | None = None  # the message gave no report (a partial read is recorded, not set here)
    problems: tuple[str, ...] = ()  # parts of the message that yielded nothing beside the reports it gave


def report_key(report: AggregateReport) -> str:
    """The idempotency key: policy domain | reporter | report id (each part %-escaped, so unambiguous)."""
    parts = (report.policy.domain, report.metadata.org_name, report.metadata.report_id)
    return "|".join(quote(p, safe=" @.-_:+/=,()[]") for p in parts)


def reported_policy(report: AggregateReport) -> ReportedPolicy:
    """The report's policy as Policies.seen gives it once the report counts."""
    meta = report.metadata
    return ReportedPolicy(report.policy, meta.org_name, meta.report_id, meta.begin, meta.end)


def mail_digest(data: bytes) -> str:
    """The failure row id of a raw mail: the same content stored under any key is the same row."""
    return hashlib.sha256(data).hexdigest()[:40]


def utcnow() -> datetime:
    return datetime.now(UTC)


def is_operator_object(key: str) -> bool:
    """An object the operator's `cli import` wrote: SES names the objects it stores by message id, so no sender
    can choose such a name."""
    return key.rsplit("/", 1)[-1].startswith(OPERATOR_MARK)


@dataclass(frozen=True, slots=True)
class TrustPolicy:
    """How reports are judged: the reporter map, the configured allow-list of reporter mail domains, the
    operator's stored one, and whether unverified reports count anyway (behind another gateway)."""
    reporters: ReporterMap
    allowed: frozenset[str] = frozenset()
    stored: TrustedReporters | None = None
    count_unverified: bool = False

    @classmethod
    def default(cls) -> TrustPolicy:
        return cls(load_reporters())

    def allow_list(self) -> frozenset[str]:
        return self.allowed | (self.stored.list() if self.stored is not None else frozenset())


class IngestService:
    def __init__(self, raw: RawMail, reports: Reports, rollups: Rollups, domains: Domains, failures: Failures,
                 limits: Limits = DEFAULT_LIMITS, clock: Callable[[], datetime] = utcnow,
                 policy: TrustPolicy | None = None, naming: SenderNaming | None = None,
                 tls: TlsReports | None = None, caps: Caps | None = None,
                 policy_log: PolicyLogService | None = None, digests: DigestKeeper | None = None) -> None:
        self.raw, self.reports, self.rollups, self.domains, self.failures = raw, reports, rollups, domains, failures
        self.digests = digests  # the portfolio digests, kept in step with every report applied
        self.limits, self.clock = limits, clock
        self.caps = caps if caps is not None else Caps()
        self.policy = policy if policy is not None else TrustPolicy.default()
        self.naming = naming if naming is not None else SenderNaming(None)  # default: the catalogue, no DNS
        self.policy_log = policy_log  # None: no policy log kept (use-case tests of other parts)
        self.tls = None if tls is None else TlsIngest(tls, failures, self.claimed, lambda: self.clock(),
                                                      self.policy.count_unverified)

    def ingest_object(self, bucket: str, key: str, name: str = "") -> IngestResult:
        """Fetches, parses and stores one raw mail (`name`: its original file name, if known). Storage errors
        propagate (the caller retries)."""
        try:
            data = self.raw.get(bucket, key)
        except NotFound:
            failure = Failure(key, MISSING_OBJECT, f"s3://{bucket}/{key} does not exist", self.clock(), name=name)
            self.failures.record(failure)
            return IngestResult(key, (), failure)
        return self.ingest_bytes(data, key, name)

    def read(self, data: bytes, key: str) -> Outcome:
        """The mail's reports as they count: each cut to the records cap (what was cut is one more problem)."""
        outcome = read_message(data, self.limits, name=key.rsplit("/", 1)[-1])
        if self.tls is None:
            outcome = replace(outcome, tls=())  # without TLS storage, TLS reports are refused as before
        capped = [cap_records(r, self.caps.report_records) for r in outcome.reports]
        problems = tuple(p for _, p in capped if p is not None)
        if not problems:
            return outcome
        return replace(outcome, reports=tuple(r for r, _ in capped), problems=outcome.problems + problems)

    def ingest_bytes(self, data: bytes, key: str, name: str = "") -> IngestResult:
        outcome = self.read(data, key)
        failure = self.track(key, data, outcome, name)
        if not outcome.found:
            return IngestResult(key, (), failure)
        judged = self.provenance_of(data, key)
        results = tuple(self.store(report, key, judged(report)) for report in outcome.reports)
        if self.tls is not None and outcome.tls:
            judge = self.mail_judge(data, key)
            results += tuple(_tls_outcome(part) for report in outcome.tls
                             for part in self.tls.ingest(report, key, judge))
        return IngestResult(key, results, problems=tuple(f"{p.kind.value}: {p.message}" for p in outcome.problems))

    def track(self, key: str, data: bytes, outcome: Outcome, name: str = "") -> Failure | None:
        """Records what a read of the mail left behind (nothing read, or the parts a partial read did not give)
        as the mail's one failure row, or clears that row when the mail gave everything."""
        digest = mail_digest(data)
        if outcome.found and not outcome.problems:
            self.failures.clear(digest)
            return None
        main = outcome.main_problem()
        message = main.message if not outcome.found else "; ".join(
            f"{p.kind.value}: {p.message}" for p in outcome.problems)
        before = self.failures.get(digest) if not name else None
        subject, sender = subject_and_sender(data)
        failure = Failure(key, main.kind.value, message, self.clock(), digest,
                          clean(name) or (before.name if before else ""), subject, sender, outcome.found)
        self.failures.record(failure)
        return failure

    def provenance_of(self, data: bytes, key: str) -> Callable[[AggregateReport], Provenance]:
        """The judge of the reports of one raw mail (SES's verdicts are read once per mail)."""
        verdict = self.mail_judge(data, key)
        return lambda report: verdict(report.metadata.org_name, report.metadata.email)

    def mail_judge(self, data: bytes, key: str) -> Callable[[str, str | None], Provenance]:
        """(org_name, reporter e-mail) -> provenance, for any kind of report in one raw mail."""
        if is_operator_object(key):
            return lambda org_name, email: operator()
        auth: MailAuth | None = mail_auth(data)
        allowed = self.policy.allow_list()
        return lambda org_name, email: judge(auth, org_name, email, self.policy.reporters, allowed)

    def store(self, report: AggregateReport, raw_key: str, provenance: Provenance) -> ReportOutcome:
        key, content = report_key(report), trust.content_digest(report)
        existing = self.stored(key)
        action = trust.decide(existing, content, provenance, raw_key, self.policy.count_unverified)
        if action is Action.CREATE:
            status = trust.initial_status(provenance, self.claimed(report.domain), self.policy.count_unverified)
            if self.reports.create(key, report, raw_key, status, provenance, content):
                return self._finish(key, report, status, Verdict.INGESTED, provenance)
            return self.store(report, raw_key, provenance)  # a concurrent delivery won the create: decide again
        assert existing is not None
        if action in (Action.REPLACE, Action.KEEP):
            self.resolve_conflict(key, report, raw_key, provenance, content, existing, action)
            return self._outcome(key, report, Verdict.CONFLICT, provenance)
        if action is Action.UPGRADE:
            status = trust.initial_status(provenance, self.claimed(report.domain), self.policy.count_unverified)
            self.reports.set_status(key, status, provenance)
            return self._finish(key, report, status, Verdict.INGESTED, provenance)  # same content: merge this one
        mine = Verdict.INGESTED if action is Action.REFRESH else Verdict.DUPLICATE
        # same content as stored (a REFRESH read by another parser release may differ: `existing` says where it was)
        return self._finish(key, report, existing.status, mine, existing.provenance, existing)

    def _finish(self, key: str, report: AggregateReport | None, status: Status, verdict: Verdict,
                provenance: Provenance, before: StoredReport | None = None) -> ReportOutcome:
        """Merges the stored report when it is due (pending, or unclaimed and claimed since); the outcome.
        `before`: the copy stored before this delivery, if any."""
        loaded = report if report is not None else self.reports.load(key)
        if status.counted:  # every delivery, retries included: a try that stopped early is completed
            self.log_policy(loaded, True, before)
        if status is Status.HELD:  # held, whether this is its first delivery or a later one
            return self._outcome(key, loaded, Verdict.HELD, provenance)
        if status is Status.REJECTED:
            return self._outcome(key, loaded, verdict, provenance)
        if status is Status.UNCLAIMED and not self.claimed(loaded.domain):  # still unclaimed: say so, every time
            return self._outcome(key, loaded, Verdict.UNCLAIMED, provenance)
        if status is not Status.APPLIED:
            # pending (an earlier attempt stopped half-way) or claimed since: finish the job from the stored copy
            self.apply(key, loaded)
        return self._outcome(key, loaded, verdict, provenance)

    def resolve_conflict(self, key: str, report: AggregateReport, raw_key: str, provenance: Provenance,
                         content: str, existing: StoredReport, action: Action, merge: bool = True) -> None:
        """Same key, other content: services.trust's rule keeps one copy (REPLACE: this one, merged now when
        `merge`; KEEP: the stored one); the other is recorded as a conflict failure of its raw object."""
        mine: trust.Copy = (content, provenance, raw_key)
        stored: trust.Copy = (existing.content or "", existing.provenance, existing.raw_key)
        if action is Action.REPLACE:
            status = trust.initial_status(provenance, self.claimed(report.domain), self.policy.count_unverified)
            self.reports.replace(key, report, raw_key, status, provenance, content)
            self.log_policy(report, status.counted, existing)
            if merge:
                self._finish(key, report, status, Verdict.INGESTED, provenance)
            loser, message = existing.raw_key, trust.conflict_message(key, mine, stored)
        else:
            loser, message = raw_key, trust.conflict_message(key, stored, mine)
        row = "conflict-" + hashlib.sha256(key.encode()).hexdigest()[:32]  # one row per report key
        self.failures.record(Failure(loser, trust.CONFLICT, message, self.clock(), row, reports=1))

    def stored(self, key: str) -> StoredReport | None:
        """The stored report, its content digest filled in for items written before digests were kept."""
        existing = self.reports.get(key)
        if existing is not None and existing.content is None:
            return replace(existing, content=trust.content_digest(self.reports.load(key)))
        return existing

    def accept(self, key: str, provenance: Provenance) -> StoredReport:
        """An operator accepts a held (or rejected) report: it counts from now on. Returns it as stored."""
        stored = self.reports.get(key)
        if stored is None:
            raise UnknownReport(key)
        if not stored.status.counted:
            status = Status.PENDING if self.claimed(stored.domain) else Status.UNCLAIMED
            self.reports.set_status(key, status, provenance)
            self._finish(key, None, status, Verdict.INGESTED, provenance)
        found = self.reports.get(key)
        assert found is not None
        return found

    def reject(self, key: str) -> StoredReport:
        """An operator rejects a held report: kept with its raw mail, never merged."""
        stored = self.reports.get(key)
        if stored is None:
            raise UnknownReport(key)
        if stored.status is not Status.HELD:
            raise ReportNotHeld(key, stored.status.value)
        self.reports.set_status(key, Status.REJECTED)
        if self.policy_log is not None:  # a held report is not in the log; one counted before it was is dropped
            self.policy_log.forget(stored)
        return replace(stored, status=Status.REJECTED)

    def log_policy(self, report: AggregateReport, counted: bool, before: StoredReport | None = None) -> None:
        """The report's entry in the policy log, put when it counts, dropped when not (services.policy_log)."""
        if self.policy_log is not None:
            self.policy_log.record(report, counted, before)

    def day_facts(self, report: AggregateReport) -> dict[date, list[Fact]]:
        """The report's facts per UTC day, each record's sender named (reverse DNS within the budget)."""
        return facts_by_day(report, self.naming.describe(report))

    def apply(self, key: str, report: AggregateReport) -> None:
        """Merges the report into its days, makes their portfolio digest days again (with the report's policy),
        then marks it applied: a retry after a stop anywhere before that mark does all of it again."""
        raw_key = None
        days = self.day_facts(report)
        for day, facts in sorted(days.items()):
            known = self.day_sources(report.domain, day)
            kept, drop = cap_sources(known, facts, self.caps.day_sources)
            self.rollups.merge(report.domain, day, key, kept)
            if drop is not None:
                raw_key = raw_key or self._raw_key(key)
                self.failures.record(source_drop_failure(report.domain, key, raw_key, drop, self.caps.day_sources,
                                                         self.clock()))
        if self.digests is not None:
            counted = reported_policy(report)
            self.digests.refresh(report.domain, [*days, begin_day(counted)], [counted])
        self.reports.set_status(key, Status.APPLIED)

    def day_sources(self, domain: str, day: date) -> set[str]:
        """The distinct source IPs the day holds (read a stored part at a time)."""
        return {f.source_ip for chunk in self.rollups.fact_chunks(domain, day, day) for f in chunk}

    def _raw_key(self, key: str) -> str:
        stored = self.reports.get(key)
        return stored.raw_key if stored is not None else ""

    def claimed(self, domain: str) -> bool:
        found = self.domains.get(domain)
        return found is not None and found.active

    @staticmethod
    def _outcome(key: str, report: AggregateReport, verdict: Verdict, provenance: Provenance) -> ReportOutcome:
        meta = report.metadata
        return ReportOutcome(key, report.domain, meta.org_name, meta.report_id, verdict, len(report.records),
                             report.message_count, provenance)


def _tls_outcome(part: TlsStored) -> ReportOutcome:
    report = part.report
    return ReportOutcome(part.key, part.domain, report.org_name, report.report_id, Verdict(part.verdict),
                         len(report.policies), report.sessions_success + report.sessions_failure, part.provenance,
                         kind="tls")
