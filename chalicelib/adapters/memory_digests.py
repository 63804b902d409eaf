"""In-memory fake of the PortfolioDigests port (chalicelib.ports.portfolio), with the same contract test as
chalicelib.storage.digests."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from chalicelib.analysis.portfolio_digest import Digest


class MemoryDigests:
    def __init__(self) -> None:
        self.items: dict[str, Digest] = {}

    def read(self, domains: Sequence[str]) -> dict[str, Digest]:
        return {d: replace(self.items[d], pending=()) for d in domains if d in self.items}

    def get(self, domain: str) -> Digest | None:
        return self.items.get(domain)

    def write(self, domain: str, digest: Digest) -> bool:
        held = self.items.get(domain)
        if (held.version if held is not None else 0) != digest.version:
            return False
        alerts = held.open_alerts if held is not None else None
        self.items[domain] = replace(digest, open_alerts=alerts, version=digest.version + 1)
        return True

    def set_open_alerts(self, domain: str, count: int) -> None:
        self.items[domain] = replace(self.items.get(domain) or Digest(), open_alerts=count)
