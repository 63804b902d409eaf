"""The mailbox-provider requirements use case: a domain's facts over a range judged against what Gmail, Yahoo and
Outlook.com require of senders (chalicelib.senders.compliance, rules in providers.toml)."""
from __future__ import annotations

from chalicelib.senders.compliance import ProvidersReport, provider_requirements
from chalicelib.services.analyses import AnalysesService, DayRange


class ProvidersService:
    def __init__(self, analyses: AnalysesService) -> None:
        self.analyses = analyses

    def report(self, domain: str, days: DayRange, lang: str = "en") -> ProvidersReport:
        name, shown = self.analyses.shown(domain, days)
        return provider_requirements(self.analyses.facts(name, shown), name, lang)
