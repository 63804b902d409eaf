"""The policies reporters saw, answered from the policy log (chalicelib.ports.policylog: one small item per domain
and day) instead of the report items (two items a report), and the log kept in step with the reports.

Writes: the ingest and reprocess use cases call `record` wherever a report's status or content is decided: a
report that counts (ports.ingest Status.counted: not held, not rejected) is put on the day its period begins
(replacing its entry, so a retried or repeated call changes nothing), one that does not is dropped; a report whose
begin moved (a new copy) is dropped from its former day too.

Reads: `seen` is the Policies port. `current` (the current published policy and its source) sums each calendar
month inside the range from the month's kept policy sums when fresh, else from its days (then keeping the sums
for the next reader), and the days around them. Reports stored before the log existed are added by the backfill, on the
domain's first read (only once: the domain is then marked complete) or ahead of time by `cli summaries`: it reads
them as the analyses did before (`reports`, the report-item read) and adds them day by day, merged into what
ingest wrote meanwhile. It only adds: a report rejected or read again as held between the backfill's read and its
write would come back (a window of seconds, once per domain), but one that ingest adds meanwhile is never lost."""
from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date

from chalicelib.analysis.months import month_end, months_touched
from chalicelib.analysis.policy_sums import CurrentPolicy, PolicySums, current, merged, sums_of
from chalicelib.dmarc.model import AggregateReport
from chalicelib.ports.analyses import Policies, ReportedPolicy
from chalicelib.ports.ingest import StoredReport
from chalicelib.ports.policylog import PolicyLog, StoredPolicyMonth, entry_key, log_day

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

    def current(self, domain: str, start: date, end: date) -> CurrentPolicy | None:
        """The current published policy over the counted reports beginning in the range and the report standing
        for it (None: no reports, or start after end)."""
        if start > end:
            return None
        self.ensure(domain)
        touched = months_touched(start, end)
        inside = [m for m in touched if m >= start and month_end(m) <= end]
        stored = self.log.months(domain, inside[0], inside[-1]) if inside else {}
        parts: list[PolicySums] = []
        for month in touched:
            kept = stored.get(month, StoredPolicyMonth(0)) if month in inside else None
            if kept is not None and kept.fresh is not None:
                parts.append(kept.fresh)
                continue
            first, last = max(start, month), min(end, month_end(month))
            sums = sums_of(self.log.entries(domain, first, last, consistent=kept is not None))
            if kept is not None:  # read after its count: kept only while no change came in between
                self.log.put_month(domain, month, kept.changes, sums)
            parts.append(sums)
        return current(merged(parts), domain)

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
