"""The DNS port: what Aligned asks of the DNS (reverse names of sources, the domain's DMARC/SPF/DKIM/MTA-STS
records, whether a name exists). Adapters: chalicelib.adapters.dns (dnspython, the real DNS), and
chalicelib.adapters.dns.ZoneResolver (a fixed zone from JSON files: the local stack and tests, no network).

Three answers are kept apart, because a policy decision differs for each: the records (a tuple, maybe empty:
the name exists without records of that type), NXDOMAIN (None: the name does not exist), and "could not tell"
(DnsError: timeout, SERVFAIL, lookups switched off)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol


class DnsError(Exception):
    """The answer is unknown: the lookup timed out, failed, or lookups are switched off."""


class Resolver(Protocol):
    def txt(self, name: str) -> tuple[str, ...] | None:
        """The TXT records of `name`, each record's strings joined; None when the name does not exist."""
        ...

    def addresses(self, name: str) -> tuple[str, ...] | None:
        """The A and AAAA addresses of `name` (text); None when the name does not exist."""
        ...

    def mx(self, name: str) -> tuple[tuple[int, str], ...] | None:
        """(preference, exchange) of `name`'s MX records; None when the name does not exist."""
        ...

    def ptr(self, address: str) -> tuple[str, ...]:
        """The reverse names of an IPv4/IPv6 address (lower case, no trailing dot); () when there are none."""
        ...


class NameCache(Protocol):
    """Reverse names already looked up (shared across Lambda containers), each kept until it expires."""

    def get_many(self, addresses: Iterable[str], now: datetime) -> dict[str, str]:
        """The cached, unexpired names of those addresses ("" for a cached "no confirmed name")."""
        ...

    def put_many(self, names: Mapping[str, str], expires: datetime) -> None:
        """Caches address -> name ("" = none) until `expires`."""
        ...
