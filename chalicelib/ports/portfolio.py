"""The ports of the portfolio: each domain's portfolio digest (chalicelib.analysis.portfolio_digest), one small
item per domain, and the registry versions of many domains at once. Adapters: chalicelib.storage.digests
(DynamoDB, beside the day summaries) and chalicelib.storage.registry; fakes in chalicelib.adapters."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from chalicelib.analysis.portfolio_digest import Digest


class PortfolioDigests(Protocol):
    def read(self, domains: Sequence[str]) -> dict[str, Digest]:
        """The digests of the given domains that have one, in batches, without their pending reports (eventually
        consistent: for readers)."""
        ...

    def get(self, domain: str) -> Digest | None:
        """One domain's digest as stored now (for writers: read, change, `write`)."""
        ...

    def write(self, domain: str, digest: Digest) -> bool:
        """Stores the digest's days and coverage as version `digest.version + 1` if the stored one is still at
        `digest.version` (0: none stored); False when another writer came first. The open alerts stay as stored."""
        ...

    def set_open_alerts(self, domain: str, count: int) -> None:
        """The domain's open alerts now (made from the alert states just written); its days stay as stored."""
        ...


class RegistryVersions(Protocol):
    def versions(self, domains: Sequence[str]) -> dict[str, int]:
        """The current registry version of each domain (0: never edited), read in batches."""
        ...
