"""The portfolio use case: one row per domain of a given list (the caller decides which domains it may see), sorted by
any column and paged.

A row comes from the domain's portfolio digest (analysis.portfolio_digest: one small item per domain, kept in
step by the use cases that change the data, services.portfolio_digest): the digests of every listed domain in
batches of 100, the registry versions the same way, then O(days) additions per domain; 200 domains are four
requests. A domain whose digest is missing, does not cover the range, or holds days counted with an older
registry takes the slow path: its overview and pattern analysis from its day summaries and its reports'
policies (AnalysesService.summary, a few requests), the same figures the digest gives, on `workers` threads;
what that read is written back to its digest, so the next answer is fast. A row is kept for `ttl_seconds`, so
sorting and paging through the table reuse it."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from chalicelib.analysis.portfolio import PortfolioRow, PortfolioTotals, portfolio_row, sort_rows, totals
from chalicelib.analysis.portfolio_digest import current_for, digest_row
from chalicelib.ports.alerts import AlertStates
from chalicelib.ports.ingest import Domain, Domains
from chalicelib.ports.portfolio import RegistryVersions
from chalicelib.services.analyses import AnalysesService, DayRange
from chalicelib.services.portfolio_digest import ConflictError, DigestKeeper

WORKERS = 8
T = TypeVar("T")
R = TypeVar("R")
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
                 ttl_seconds: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic,
                 digests: DigestKeeper | None = None, registry: RegistryVersions | None = None) -> None:
        self.analyses, self.states, self.domains = analyses, states, domains
        self.workers, self.ttl, self.clock = workers, ttl_seconds, clock
        self.digests, self.registry = digests, registry  # None: every row takes the slow path
        self._rows: OrderedDict[tuple[str, date, date], tuple[float, PortfolioRow]] = OrderedDict()
        self._lock = threading.Lock()

    def active_domains(self) -> list[Domain]:
        """Every active domain: the list to cover until domains are scoped to an organization."""
        return self.domains.list()

    def row(self, domain: Domain, days: DayRange) -> PortfolioRow:
        """The slow path: the row from the domain's day summaries and reports, which its digest keeps."""
        found = self.analyses.summary(domain.name, days, domain.visible_from)
        alerts = len(self.states.active(domain.name))
        if self.digests is not None:
            if not found.shown.empty:
                with suppress(ConflictError):  # busy with writers: the next answer takes this path again
                    self.digests.write_back(domain.name, found.shown.start, found.shown.end, found.found,
                                            found.reported)
            self.digests.open_alerts(domain.name, alerts)
        return portfolio_row(domain.name, found.overview, found.patterns, alerts, domain.display_name)

    def digest_rows(self, domains: list[Domain], days: DayRange) -> dict[str, PortfolioRow]:
        """The rows the digests answer (two batched reads per 100 domains); the others are left out."""
        if self.digests is None or self.registry is None or not domains:
            return {}
        digests = self.digests.read([d.name for d in domains])
        shown = {d.name: days.since(d.visible_from) for d in domains}
        checked = [n for n, digest in digests.items() if not shown[n].empty]
        versions = self.registry.versions(checked) if checked else {}
        usable = {d.name: digest for d in domains if (digest := digests.get(d.name)) is not None and (
            shown[d.name].empty or current_for(digest, shown[d.name].start, shown[d.name].end, versions[d.name]))}
        alerts = {name: digest.open_alerts for name, digest in usable.items() if digest.open_alerts is not None}
        alerts.update(self._each([n for n in usable if n not in alerts], self._count_alerts))
        return {d.name: digest_row(d.name, usable[d.name], days.start, days.end, shown[d.name].start, alerts[d.name],
                                   d.display_name) for d in domains if d.name in usable}

    def _count_alerts(self, name: str) -> int:
        """A digest made before the domain's alerts were counted (its first build): counted now, and kept."""
        count = len(self.states.active(name))
        if self.digests is not None:
            self.digests.open_alerts(name, count)
        return count

    def _each(self, items: list[T], make: Callable[[T], R]) -> dict[T, R]:
        """`make` of every item, on the worker threads (the reads wait on the network)."""
        if len(items) > 1 and self.workers > 1:
            with ThreadPoolExecutor(min(self.workers, len(items))) as pool:
                return dict(zip(items, pool.map(make, items), strict=True))
        return {item: make(item) for item in items}

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
        quick = self.digest_rows(todo, days)
        kept.update(quick)
        todo = [d for d in todo if d.name not in quick]
        made = [*self._each(todo, lambda d: self.row(d, days)).values(), *quick.values()]
        with self._lock:
            for row in made:
                self._rows[(row.domain, days.start, days.end)] = (now, row)
                self._rows.move_to_end((row.domain, days.start, days.end))
            while len(self._rows) > ROWS_KEPT:
                self._rows.popitem(last=False)
        kept.update((row.domain, row) for row in made)
        return [kept[d.name] for d in domains]
