"""The DMARC policy as last reported for a domain in a range of days: read from the newest report item whose
period begins in the range and that counts (not held or rejected): one index query, then that item's head."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import Status
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import HEAD, ReportItem, ReportsByDomain

COUNTED = tuple(s.value for s in Status if s.counted)


class DynamoPolicies:
    def __init__(self, table_name: str) -> None:
        self._reports = bind_model(ReportItem, table_name)

    def latest(self, domain: str, start: date, end: date) -> ReportedPolicy | None:
        low = datetime.combine(start, time(), tzinfo=UTC)
        high = datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) - timedelta(microseconds=1)
        counted = self._reports.status.is_in(*COUNTED)  # a held (unauthenticated) report must not set the policy
        newest = next(iter(self._reports.by_domain.query(domain, ReportsByDomain.begin.between(low, high),
                                                      counted, scan_index_forward=False, page_size=10)), None)
        if newest is None:
            return None
        try:
            head = self._reports.get(newest.pk, HEAD)
        except self._reports.DoesNotExist:
            return None
        fields = dict(head.description.get("policy") or {})
        fields.setdefault("domain", domain)
        known = {k: v for k, v in fields.items() if k in PolicyPublished.__dataclass_fields__}
        return ReportedPolicy(PolicyPublished(**known), head.org_name, head.report_id, head.begin)
