"""Ingest use case: one raw mail object -> stored reports merged into their day rollups, exactly once.

Write order, each step a single-item conditional write, so a crash between any two steps followed by a retry
neither loses nor double-counts: (1) report item, status pending (records included); (2) each day rollup,
merged unless the report key is already in the day's set; (3) report status applied. A report for an
unregistered domain is stored as unclaimed and not merged; `ReprocessService.claim` merges it later."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import quote

from chalicelib.analysis.daily import facts_by_day
from chalicelib.dmarc import AggregateReport, Limits, Outcome, read_message
from chalicelib.dmarc.headers import clean, subject_and_sender
from chalicelib.dmarc.limits import DEFAULT_LIMITS
from chalicelib.ports.ingest import Domains, Failure, Failures, NotFound, RawMail, Reports, Rollups, Status

MISSING_OBJECT = "missing_object"


class Verdict(StrEnum):
    INGESTED = "ingested"  # stored and merged by this object
    DUPLICATE = "duplicate"  # the same report was already stored from another object
    UNCLAIMED = "unclaimed"  # stored; its domain is not registered


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    key: str
    domain: str
    org_name: str
    report_id: str
    verdict: Verdict
    records: int
    messages: int


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


def mail_digest(data: bytes) -> str:
    """The failure row id of a raw mail: the same content stored under any key is the same row."""
    return hashlib.sha256(data).hexdigest()[:40]


def utcnow() -> datetime:
    return datetime.now(UTC)


class IngestService:
    def __init__(self, raw: RawMail, reports: Reports, rollups: Rollups, domains: Domains, failures: Failures,
                 limits: Limits = DEFAULT_LIMITS, clock: Callable[[], datetime] = utcnow) -> None:
        self.raw, self.reports, self.rollups, self.domains, self.failures = raw, reports, rollups, domains, failures
        self.limits, self.clock = limits, clock

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

    def ingest_bytes(self, data: bytes, key: str, name: str = "") -> IngestResult:
        outcome = read_message(data, self.limits, name=key.rsplit("/", 1)[-1])
        failure = self.track(key, data, outcome, name)
        if not outcome.reports:
            return IngestResult(key, (), failure)
        results = tuple(self.store(report, key) for report in outcome.reports)
        return IngestResult(key, results, problems=tuple(f"{p.kind.value}: {p.message}" for p in outcome.problems))

    def track(self, key: str, data: bytes, outcome: Outcome, name: str = "") -> Failure | None:
        """Records what a read of the mail left behind (nothing read, or the parts a partial read did not give)
        as the mail's one failure row, or clears that row when the mail gave everything."""
        digest = mail_digest(data)
        if outcome.reports and not outcome.problems:
            self.failures.clear(digest)
            return None
        main = outcome.main_problem()
        message = main.message if not outcome.reports else "; ".join(
            f"{p.kind.value}: {p.message}" for p in outcome.problems)
        before = self.failures.get(digest) if not name else None
        subject, sender = subject_and_sender(data)
        failure = Failure(key, main.kind.value, message, self.clock(), digest,
                          clean(name) or (before.name if before else ""), subject, sender, len(outcome.reports))
        self.failures.record(failure)
        return failure

    def store(self, report: AggregateReport, raw_key: str) -> ReportOutcome:
        key = report_key(report)
        existing = self.reports.get(key)
        if existing is None:
            claimed = self.claimed(report.domain)
            if self.reports.create(key, report, raw_key, Status.PENDING if claimed else Status.UNCLAIMED):
                if not claimed and not self.claimed(report.domain):  # registered meanwhile? then merge now
                    return self._outcome(key, report, Verdict.UNCLAIMED)
                self.apply(key, report)
                return self._outcome(key, report, Verdict.INGESTED)
            existing = self.reports.get(key)  # a concurrent delivery of the same report won the create
            assert existing is not None
        mine = Verdict.INGESTED if existing.raw_key == raw_key else Verdict.DUPLICATE
        if existing.status is Status.APPLIED:
            return self._outcome(key, report, mine)
        if existing.status is Status.UNCLAIMED and not self.claimed(report.domain):
            return self._outcome(key, report, Verdict.UNCLAIMED if mine is Verdict.INGESTED else mine)
        # pending (an earlier attempt stopped half-way) or claimed since: finish the job from the stored copy
        self.apply(key, report if existing.raw_key == raw_key else self.reports.load(key))
        return self._outcome(key, report, mine)

    def apply(self, key: str, report: AggregateReport) -> None:
        for day, facts in sorted(facts_by_day(report).items()):
            self.rollups.merge(report.domain, day, key, facts)
        self.reports.set_status(key, Status.APPLIED)

    def claimed(self, domain: str) -> bool:
        found = self.domains.get(domain)
        return found is not None and found.active

    @staticmethod
    def _outcome(key: str, report: AggregateReport, verdict: Verdict) -> ReportOutcome:
        meta = report.metadata
        return ReportOutcome(key, report.domain, meta.org_name, meta.report_id, verdict, len(report.records),
                             report.message_count)
