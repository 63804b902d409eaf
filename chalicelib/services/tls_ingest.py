"""Storing SMTP TLS reports: each report's part about one policy domain is one stored item, keyed
domain | reporter | report id, judged and de-duplicated by services.trust's one rule like aggregate reports.
There are no rollups: a TLS report counts when its status is APPLIED (analysis reads the items by day)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from chalicelib.dmarc.tls_model import TlsReport
from chalicelib.ports.ingest import Failure, Failures, Status
from chalicelib.ports.tls import StoredTls, TlsReports
from chalicelib.provenance import Provenance
from chalicelib.services import trust
from chalicelib.services.trust import Action

Judge = Callable[[str, str | None], Provenance]  # (org_name, contact e-mail) -> provenance of the mail


def tls_key(domain: str, report: TlsReport) -> str:
    return "|".join(quote(p, safe=" @.-_:+/=,()[]") for p in (domain, report.org_name, report.report_id))


def content_digest(report: TlsReport) -> str:
    return hashlib.sha256(repr((report.begin, report.end, report.policies)).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class TlsStored:
    key: str
    domain: str
    verdict: str  # a services.ingest.Verdict value
    provenance: Provenance
    report: TlsReport


class TlsIngest:
    def __init__(self, store: TlsReports, failures: Failures, claimed: Callable[[str], bool],
                 clock: Callable[[], datetime], count_unverified: bool = False) -> None:
        self.store, self.failures, self.claimed, self.clock = store, failures, claimed, clock
        self.count_unverified = count_unverified

    def ingest(self, report: TlsReport, raw_key: str, judge: Judge) -> list[TlsStored]:
        """Stores every policy domain's part of the report."""
        provenance = judge(report.org_name, report.contact_info)
        return [self.part(domain, report.for_domain(domain), raw_key, provenance)
                for domain in report.policy_domains]

    def part(self, domain: str, report: TlsReport, raw_key: str, provenance: Provenance) -> TlsStored:
        key, content = tls_key(domain, report), content_digest(report)
        existing = self.store.get(key)
        action = trust.decide(existing, content, provenance, raw_key, self.count_unverified)
        status = self.status(provenance, domain)
        if action is Action.CREATE:
            if not self.store.put(StoredTls(key, domain, report, raw_key, status, provenance, content), new=True):
                return self.part(domain, report, raw_key, provenance)  # a concurrent delivery won: decide again
            return TlsStored(key, domain, _verdict(status, "ingested"), provenance, report)
        assert existing is not None
        if action is Action.REFRESH:
            self.store.put(StoredTls(key, domain, report, raw_key, existing.status, existing.provenance, content),
                           new=False)
            return TlsStored(key, domain, _verdict(existing.status, "ingested"), existing.provenance, report)
        if action is Action.UPGRADE:
            self.store.set_status(key, status, provenance)
            return TlsStored(key, domain, _verdict(status, "ingested"), provenance, report)
        if action is Action.DUPLICATE:
            return TlsStored(key, domain, "duplicate", existing.provenance, report)
        mine: trust.Copy = (content, provenance, raw_key)
        stored: trust.Copy = (existing.content or "", existing.provenance, existing.raw_key)
        if action is Action.REPLACE:
            self.store.put(StoredTls(key, domain, report, raw_key, status, provenance, content), new=False)
            loser, message = existing.raw_key, trust.conflict_message(key, mine, stored)
        else:
            loser, message = raw_key, trust.conflict_message(key, stored, mine)
        row = "conflict-" + hashlib.sha256(("tls|" + key).encode()).hexdigest()[:32]
        self.failures.record(Failure(loser, trust.CONFLICT, message, self.clock(), row, reports=1))
        return TlsStored(key, domain, "conflict", provenance, report)

    def status(self, provenance: Provenance, domain: str) -> Status:
        status = trust.initial_status(provenance, self.claimed(domain), self.count_unverified)
        return Status.APPLIED if status is Status.PENDING else status


def _verdict(status: Status, counted: str) -> str:
    return {Status.HELD: "held", Status.UNCLAIMED: "unclaimed"}.get(status, counted)
