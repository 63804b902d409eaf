"""The DMARC policy as reported for a domain in a range of days, read from the report items whose period begins
in the range and that count (not held or rejected): `seen`, every such report's policy (one index query, then
the heads' descriptions in batches: two items a report). The analyses read the policy log instead
(chalicelib.services.policy_log); this read fills the log with the reports stored before it existed."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.ingest import Status
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import HEAD, ReportItem, ReportsByDomain

COUNTED = tuple(s.value for s in Status if s.counted)
BATCH = 100  # keys per BatchGetItem


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    low = datetime.combine(start, time(), tzinfo=UTC)
    return low, datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) - timedelta(microseconds=1)


def _policy(description: dict[str, Any], domain: str) -> PolicyPublished:
    fields = dict(description.get("policy") or {})
    fields.setdefault("domain", domain)
    return PolicyPublished(**{k: v for k, v in fields.items() if k in PolicyPublished.__dataclass_fields__})


class DynamoReportPolicies:
    def __init__(self, table_name: str) -> None:
        self._reports = bind_model(ReportItem, table_name)

    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        low, high = _bounds(start, end)
        counted = self._reports.status.is_in(*COUNTED)  # a held (unauthenticated) report must not set the policy
        items = list(self._reports.by_domain.query(domain, ReportsByDomain.begin.between(low, high), counted))
        described: dict[str, dict[str, Any]] = {}
        for i in range(0, len(items), BATCH):
            keys = [(item.pk, HEAD) for item in items[i:i + BATCH]]
            for head in self._reports.batch_get(keys, attributes_to_get=["pk", "sk", "description"]):
                described[head.pk] = head.description
        return [ReportedPolicy(_policy(described[item.pk], domain), item.org_name, item.report_id, item.begin,
                               item.end) for item in items if item.pk in described]
