"""The DMARC policy as last reported for a domain in a range of days: read from the newest report item whose
period begins in the range and that counts (not held or rejected): one index query, then that item's head. Per
reporter: the same query walked further, then the head of each reporter's newest report."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import Status
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import HEAD, ReportItem, ReportsByDomain

COUNTED = tuple(s.value for s in Status if s.counted)
MAX_REPORTERS = 100  # distinct reporters read per range


class DynamoPolicies:
    def __init__(self, table_name: str) -> None:
        self._reports = bind_model(ReportItem, table_name)

    def latest(self, domain: str, start: date, end: date) -> ReportedPolicy | None:
        newest = next(iter(self._newest_first(domain, start, end, page_size=10)), None)
        return None if newest is None else self._reported(domain, newest)

    def by_reporter(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """One index query over the range (newest first), then the head of each reporter's newest report."""
        newest: dict[str, ReportItem] = {}
        for item in self._newest_first(domain, start, end, page_size=200):
            newest.setdefault(item.org_name, item)
            if len(newest) >= MAX_REPORTERS:
                break
        found = (self._reported(domain, item) for item in newest.values())
        return [r for r in found if r is not None]

    def _newest_first(self, domain: str, start: date, end: date, page_size: int) -> Iterator[ReportItem]:
        low = datetime.combine(start, time(), tzinfo=UTC)
        high = datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) - timedelta(microseconds=1)
        counted = self._reports.status.is_in(*COUNTED)  # a held (unauthenticated) report must not set the policy
        return iter(self._reports.by_domain.query(domain, ReportsByDomain.begin.between(low, high), counted,
                                                  scan_index_forward=False, page_size=page_size))

    def _reported(self, domain: str, newest: ReportItem) -> ReportedPolicy | None:
        try:
            head = self._reports.get(newest.pk, HEAD)
        except self._reports.DoesNotExist:
            return None
        fields = dict(head.description.get("policy") or {})
        fields.setdefault("domain", domain)
        known = {k: v for k, v in fields.items() if k in PolicyPublished.__dataclass_fields__}
        return ReportedPolicy(PolicyPublished(**known), head.org_name, head.report_id, head.begin)
