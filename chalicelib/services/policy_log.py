"""The policies reporters saw, answered from the policy log (chalicelib.ports.policylog: one small item per domain
and day) instead of the report items (two items a report), and the log kept in step with the reports.

Writes: the ingest and reprocess use cases call `record` wherever a report's status or content is decided: a
report that counts (ports.ingest Status.counted: not held, not rejected) is put on the day its period begins
(replacing its entry, so a retried or repeated call changes nothing), one that does not is dropped; a report whose
begin moved (a new copy) is dropped from its former day too.

Reads: `seen` is the Policies port. Reports stored before the log existed are added by the backfill, on the
domain's first read (only once: the domain is then marked complete) or ahead of time by `cli summaries`: it reads
them as the analyses did before (`reports`, the report-item read) and adds them day by day, merged into what
ingest wrote meanwhile. It only adds: a report rejected or read again as held between the backfill's read and its
write would come back (a window of seconds, once per domain), but one that ingest adds meanwhile is never lost."""
from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date

from chalicelib.dmarc.model import AggregateReport
from chalicelib.ports.analyses import Policies, ReportedPolicy
from chalicelib.ports.ingest import StoredReport
from chalicelib.ports.policylog import PolicyLog, entry_key, log_day

EARLIEST, LATEST = date(1970, 1, 1), date(9998, 12, 31)  # every report's begin lies between


def entry_of(report: AggregateReport) -> ReportedPolicy:
    meta = report.metadata
    return ReportedPolicy(report.policy, meta.org_name, meta.report_id, meta.begin, meta.end)


class PolicyLogService:
    def __init__(self, log: PolicyLog, reports: Policies) -> None:
        self.log, self.reports = log, reports
        self._complete: set[str] = set()
        self._lock = threading.Lock()  # the portfolio reads domains from several threads

    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """The policy of every counted report whose period begins in the range, oldest first."""
        self.ensure(domain)
        return self.log.entries(domain, start, end)

    def record(self, report: AggregateReport, counted: bool, before: StoredReport | None = None) -> None:
        """Puts the report's policy in the log when it counts, drops it when not; `before`: the copy stored before
        this one (dropped from its day when it began on another)."""
        entry = entry_of(report)
        day = log_day(entry.begin)
        if before is not None and log_day(before.begin) != day:
            self.forget(before)
        if counted:
            self.log.change(report.domain, day, put=[entry])
        else:
            self.log.change(report.domain, day, drop=[entry_key(entry)])

    def forget(self, stored: StoredReport) -> None:
        """Drops a stored report that stopped counting."""
        self.log.change(stored.domain, log_day(stored.begin), drop=[(stored.org_name, stored.report_id)])

    def ensure(self, domain: str, force: bool = False) -> int:
        """Adds the counted reports stored before the log existed (once per domain; `force`: again); returns how
        many days it changed."""
        with self._lock:
            if domain in self._complete and not force:
                return 0
        if not force and self.log.complete(domain):
            with self._lock:
                self._complete.add(domain)
            return 0
        by_day: dict[date, list[ReportedPolicy]] = defaultdict(list)
        for entry in self.reports.seen(domain, EARLIEST, LATEST):
            by_day[log_day(entry.begin)].append(entry)
        changed = sum(self.log.change(domain, day, put=entries) for day, entries in sorted(by_day.items()))
        self.log.mark_complete(domain)
        with self._lock:
            self._complete.add(domain)
        return changed
