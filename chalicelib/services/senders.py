"""Naming the senders of a report at ingest: the forward-confirmed reverse name of each distinct source IP
(through the Resolver port and a shared NameCache, in parallel threads with a time budget per report), then each
record's service and route (chalicelib.senders). DNS never fails an ingest: a lookup that fails or is still
running when the budget is spent leaves the name empty (and is not cached)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.analysis.daily import Describe
from chalicelib.dmarc.model import AggregateReport, Record
from chalicelib.ports.dns import DnsError, NameCache, Resolver
from chalicelib.senders import Catalogue, identify, load_catalogue, route_of

CACHE_DAYS = 30
MAX_NAMES_CHECKED = 3  # reverse names per address whose forward addresses are checked


def confirmed_name(resolver: Resolver, address: str) -> str:
    """The first reverse name of `address` whose A/AAAA records include it; "" when none. Raises DnsError."""
    wanted = address.lower()
    for name in resolver.ptr(address)[:MAX_NAMES_CHECKED]:
        forward = resolver.addresses(name) or ()
        if wanted in (a.lower() for a in forward):
            return name
    return ""


@dataclass
class ReverseNames:
    resolver: Resolver
    cache: NameCache | None = None
    budget: float = 5.0  # seconds for all the lookups of one report
    workers: int = 8
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def names(self, addresses: Iterable[str]) -> dict[str, str]:
        """address -> confirmed reverse name ("" when none or unknown), for every address given."""
        wanted = sorted(set(addresses))
        now = self.clock()
        known: dict[str, str] = {}
        # The cache only saves time: a failing cache read or write leaves the lookups to the DNS, never the ingest.
        with suppress(Exception):
            known = self.cache.get_many(wanted, now) if self.cache is not None and wanted else {}
        missing = [a for a in wanted if a not in known]
        found = self._lookup(missing) if missing else {}
        if found and self.cache is not None:
            with suppress(Exception):
                self.cache.put_many(found, now + timedelta(days=CACHE_DAYS))
        return {a: known.get(a) or found.get(a, "") for a in wanted}

    def _lookup(self, addresses: list[str]) -> dict[str, str]:
        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(addresses)), thread_name_prefix="rdns")
        try:
            futures = {pool.submit(confirmed_name, self.resolver, a): a for a in addresses}
            done, _ = wait(futures, timeout=self.budget)
            out: dict[str, str] = {}
            for future in done:
                try:
                    out[futures[future]] = future.result()
                except (DnsError, OSError, ValueError):
                    continue  # unknown: neither named nor cached
            return out
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


class SenderNaming:
    """The `Describe` of a report for analysis.daily: (service, reverse name, route) per record."""

    def __init__(self, names: ReverseNames | None, catalogue: Catalogue | None = None) -> None:
        self.reverse = names
        self.catalogue = catalogue if catalogue is not None else load_catalogue()

    def describe(self, report: AggregateReport) -> Describe:
        ptrs = self.reverse.names(str(r.source_ip) for r in report.records) if self.reverse is not None else {}
        domain = report.domain
        catalogue = self.catalogue

        def one(record: Record) -> tuple[str, str, str]:
            ptr = ptrs.get(str(record.source_ip), "")
            identity = identify(record, record.header_from or domain, ptr, catalogue)
            return identity.service or "", ptr, route_of(record, record.header_from or domain, identity,
                                                         catalogue).route
        return one
