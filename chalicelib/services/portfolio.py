"""The portfolio use case: one row per domain of a given list (the caller decides which domains it may see), each
made by the analyses use case from one read of the domain's facts, plus its open alerts; sorted by any column and
paged.

Cost per domain: the day versions (warm) or the day rollups (cold), the registry version, the current published
policy (every report's policy in the range: one query and a BatchGetItem per 100 reports) and the active alerts:
four small reads and the policy batches, so 200 domains are 800 reads and more. They run on `workers` threads (the
reads wait on the network, and the caches they fill are locked), and a row is kept for `ttl_seconds`, so sorting
and paging through the table reuse it. Per-day summaries (issue 15) are what will make the first answer cheap."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date

from chalicelib.analysis.portfolio import PortfolioRow, PortfolioTotals, portfolio_row, sort_rows, totals
from chalicelib.ports.alerts import AlertStates
from chalicelib.ports.ingest import Domain, Domains
from chalicelib.services.analyses import AnalysesService, DayRange

WORKERS = 8
TTL_SECONDS = 120.0
ROWS_KEPT = 4096


@dataclass(frozen=True, slots=True)
class Portfolio:
    totals: PortfolioTotals
    offset: int
    limit: int
    rows: tuple[PortfolioRow, ...]  # the page asked for, in the order asked for


class PortfolioService:
    def __init__(self, analyses: AnalysesService, states: AlertStates, domains: Domains, workers: int = WORKERS,
                 ttl_seconds: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.analyses, self.states, self.domains = analyses, states, domains
        self.workers, self.ttl, self.clock = workers, ttl_seconds, clock
        self._rows: OrderedDict[tuple[str, date, date], tuple[float, PortfolioRow]] = OrderedDict()
        self._lock = threading.Lock()

    def active_domains(self) -> list[Domain]:
        """Every active domain: the list to cover until domains are scoped to an organization."""
        return self.domains.list()

    def row(self, domain: Domain, days: DayRange) -> PortfolioRow:
        summary, patterns = self.analyses.summary(domain.name, days, domain.visible_from)
        return portfolio_row(domain.name, summary, patterns, len(self.states.active(domain.name)),
                             domain.display_name)

    def portfolio(self, domains: Iterable[Domain], days: DayRange, sort: str, descending: bool, offset: int,
                  limit: int | None) -> Portfolio:
        """The rows of `domains` (active ones, as the Domains port lists them), sorted by `sort`
        (analysis.portfolio.SORT_KEYS); `limit` None: every row from `offset` (CSV)."""
        rows = sort_rows(self.rows(list(domains), days), sort, descending)
        page = rows[offset:] if limit is None else rows[offset:offset + limit]
        return Portfolio(totals(rows), offset, len(page) if limit is None else limit, tuple(page))

    def rows(self, domains: list[Domain], days: DayRange) -> list[PortfolioRow]:
        """A row per domain: kept ones younger than the TTL, the others made (on the worker threads)."""
        now = self.clock()
        kept: dict[str, PortfolioRow] = {}
        with self._lock:
            for d in domains:
                found = self._rows.get((d.name, days.start, days.end))
                if found is not None and now - found[0] < self.ttl:
                    kept[d.name] = replace(found[1], display_name=d.display_name)
        todo = [d for d in domains if d.name not in kept]
        if len(todo) > 1 and self.workers > 1:
            with ThreadPoolExecutor(min(self.workers, len(todo))) as pool:
                made = list(pool.map(lambda d: self.row(d, days), todo))
        else:
            made = [self.row(d, days) for d in todo]
        with self._lock:
            for row in made:
                self._rows[(row.domain, days.start, days.end)] = (now, row)
                self._rows.move_to_end((row.domain, days.start, days.end))
            while len(self._rows) > ROWS_KEPT:
                self._rows.popitem(last=False)
        kept.update((row.domain, row) for row in made)
        return [kept[d.name] for d in domains]
