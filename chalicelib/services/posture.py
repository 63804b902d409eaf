"""The DNS posture use case: check a registered domain's records (on demand, and daily for every domain), keep
the latest check and the history of record changes. The DKIM selectors checked are those seen in the domain's
counted reports of the last SELECTOR_DAYS days whose d= is the domain or one of its subdomains (a third party's
d= is not the domain owner's to fix)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.ports.dns import Resolver
from chalicelib.ports.https import Fetcher
from chalicelib.ports.ingest import Domains, Reports, Status
from chalicelib.ports.posture import PostureStore
from chalicelib.posture.check import check_domain
from chalicelib.posture.model import PostureCheck, RecordChange, changes
from chalicelib.services.domains import active_domain

SELECTOR_DAYS = 30
MAX_SELECTORS = 50


@dataclass(frozen=True, slots=True)
class PostureView:
    check: PostureCheck | None
    history: tuple[RecordChange, ...]


class PostureService:
    def __init__(self, domains: Domains, reports: Reports, resolver: Resolver, fetcher: Fetcher,
                 store: PostureStore, rua_address: str, clock: Callable[[], datetime]) -> None:
        self.domains, self.reports, self.resolver, self.fetcher = domains, reports, resolver, fetcher
        self.store, self.rua_address, self.clock = store, rua_address, clock

    def view(self, domain: str) -> PostureView:
        name = active_domain(self.domains, domain)
        return PostureView(self.store.latest(name), tuple(self.store.history(name)))

    def run(self, domain: str) -> PostureView:
        name = active_domain(self.domains, domain)
        now = self.clock()
        check = check_domain(self.resolver, self.fetcher, name, self.rua_address, self.selectors(name, now), now)
        self.store.save(check, changes(self.store.latest(name), check))
        return PostureView(check, tuple(self.store.history(name)))

    def run_all(self) -> dict[str, int]:
        """The daily check of every registered domain; a failing domain does not stop the others."""
        done = failed = 0
        for domain in self.domains.list():
            try:
                self.run(domain.name)
                done += 1
            except Exception:  # noqa: BLE001 - one domain's trouble is logged by the caller's summary
                failed += 1
        return {"checked": done, "failed": failed}

    def selectors(self, domain: str, now: datetime) -> list[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for stored in self.reports.by_domain(domain, begin_from=now - timedelta(days=SELECTOR_DAYS)):
            if stored.status is not Status.APPLIED:
                continue
            for record in self.reports.load(stored.key).records:
                for auth in record.dkim:
                    d = (auth.domain or "").rstrip(".").lower()
                    if auth.selector and (d == domain or d.endswith("." + domain)):
                        seen[(d, auth.selector.lower())] = None
            if len(seen) >= MAX_SELECTORS:
                break
        return sorted(seen)[:MAX_SELECTORS]
