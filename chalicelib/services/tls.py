"""The TLS analysis use case: a registered domain's stored TLS reports over a day range, summarised."""
from __future__ import annotations

from chalicelib.analysis.tls import TlsSummary, summarize
from chalicelib.dmarc.tls_model import TlsReport
from chalicelib.ports.ingest import Domains, Status
from chalicelib.ports.tls import TlsReports
from chalicelib.services.analyses import DayRange
from chalicelib.services.domains import active_record

COUNTED = (Status.APPLIED, Status.UNCLAIMED)  # unclaimed: stored before the domain was registered


class TlsService:
    def __init__(self, domains: Domains, store: TlsReports) -> None:
        self.domains, self.store = domains, store

    def reports(self, domain: str, days: DayRange) -> list[TlsReport]:
        found = active_record(self.domains, domain)
        shown = days.since(found.visible_from)  # older reports stay hidden until ownership is proven
        if shown.empty:
            return []
        return [s.report for s in self.store.by_domain(found.name, shown.start, shown.end) if s.status in COUNTED]

    def summary(self, domain: str, days: DayRange) -> TlsSummary:
        return summarize(self.reports(domain, days), days.start, days.end)
