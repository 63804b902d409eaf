"""The portfolio use case: one row per domain of a given list (the caller decides which domains it may see), each
made by the analyses use case from one read of the domain's facts, plus its open alerts; sorted by any column and
paged. Cost per domain: the day versions (warm) or the day rollups (cold), the registry version, the latest
reported policy and the active alerts: four small reads."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.analysis.portfolio import PortfolioRow, PortfolioTotals, portfolio_row, sort_rows, totals
from chalicelib.ports.alerts import AlertStates
from chalicelib.ports.ingest import Domain, Domains
from chalicelib.services.analyses import AnalysesService, DayRange


@dataclass(frozen=True, slots=True)
class Portfolio:
    totals: PortfolioTotals
    offset: int
    limit: int
    rows: tuple[PortfolioRow, ...]  # the page asked for, in the order asked for


class PortfolioService:
    def __init__(self, analyses: AnalysesService, states: AlertStates, domains: Domains) -> None:
        self.analyses, self.states, self.domains = analyses, states, domains

    def active_domains(self) -> list[Domain]:
        """Every active domain: the list to cover until domains are scoped to an organization."""
        return self.domains.list()

    def row(self, domain: Domain, days: DayRange) -> PortfolioRow:
        summary, patterns = self.analyses.summary(domain.name, days)
        return portfolio_row(domain.name, summary, patterns, len(self.states.active(domain.name)),
                             domain.display_name)

    def portfolio(self, domains: Iterable[Domain], days: DayRange, sort: str, descending: bool, offset: int,
                  limit: int | None) -> Portfolio:
        """The rows of `domains` (active ones, as the Domains port lists them), sorted by `sort`
        (analysis.portfolio.SORT_KEYS); `limit` None: every row from `offset` (CSV)."""
        rows = sort_rows((self.row(d, days) for d in domains), sort, descending)
        page = rows[offset:] if limit is None else rows[offset:offset + limit]
        return Portfolio(totals(rows), offset, len(page) if limit is None else limit, tuple(page))
