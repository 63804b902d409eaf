"""The reports stored as unclaimed (their domain was not registered): a scan of the reports' by-domain index,
which holds only report heads with their metadata (no records), filtered on the status."""
from __future__ import annotations

from collections.abc import Iterator

from chalicelib.ports.ingest import Status, UnclaimedReport
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import ReportItem


class DynamoUnclaimed:
    def __init__(self, table_name: str) -> None:
        self._reports = bind_model(ReportItem, table_name)

    def reports(self) -> Iterator[UnclaimedReport]:
        found = self._reports.by_domain.scan(filter_condition=self._reports.status == Status.UNCLAIMED.value)
        for item in found:
            yield UnclaimedReport(item.domain, item.begin, item.end, int(item.message_count))
