"""DNS adapters of chalicelib.ports.dns.Resolver: `DnsPythonResolver` asks the real DNS through dnspython (a
well-kept resolver library: timeouts, TCP fallback, IPv6, EDNS, reverse names done right), with a lifetime per
question; `ZoneResolver` answers from a fixed zone (JSON files: {"name": {"TXT": [...], "A": [...], "MX":
[[10, "mx.example"]], "PTR": [...]}}, PTR keyed by address), for the local stack and tests; `NoResolver`
answers nothing (lookups switched off)."""
from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from chalicelib.ports.dns import DnsError

NO_ANSWER: tuple[()] = ()


class DnsPythonResolver:
    def __init__(self, lifetime: float = 2.0) -> None:
        import dns.resolver

        self._resolver = dns.resolver.Resolver()
        self._resolver.lifetime = lifetime

    def _ask(self, name: str, kind: str) -> Any:
        import dns.exception
        import dns.resolver

        try:
            return self._resolver.resolve(name, kind, search=False)
        except dns.resolver.NXDOMAIN:
            return None
        except dns.resolver.NoAnswer:
            return NO_ANSWER
        except (dns.exception.DNSException, OSError) as exc:
            raise DnsError(f"{kind} {name}: {exc.__class__.__name__}") from None

    def txt(self, name: str) -> tuple[str, ...] | None:
        answer = self._ask(name, "TXT")
        if answer is None:
            return None
        return tuple(b"".join(r.strings).decode("utf-8", "replace") for r in answer)

    def addresses(self, name: str) -> tuple[str, ...] | None:
        found: list[str] = []
        exists = False
        for kind in ("A", "AAAA"):
            answer = self._ask(name, kind)
            if answer is not None:
                exists = True
                found += [r.to_text() for r in answer]
        return tuple(found) if exists else None

    def mx(self, name: str) -> tuple[tuple[int, str], ...] | None:
        answer = self._ask(name, "MX")
        if answer is None:
            return None
        return tuple((int(r.preference), r.exchange.to_text().rstrip(".").lower()) for r in answer)

    def ptr(self, address: str) -> tuple[str, ...]:
        import dns.reversename

        answer = self._ask(dns.reversename.from_address(address).to_text(), "PTR")
        return tuple(r.to_text().rstrip(".").lower() for r in answer or ())


class ZoneResolver:
    """Answers from a fixed zone; a name not in it does not exist."""

    def __init__(self, zone: Mapping[str, Mapping[str, Any]]) -> None:
        self.zone = {_name(k): {t.upper(): v for t, v in types.items()} for k, types in zone.items()}

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> ZoneResolver:
        zone: dict[str, dict[str, Any]] = {}
        for path in paths:
            for name, types in json.loads(Path(path).read_text(encoding="utf-8")).items():
                zone.setdefault(_name(name), {}).update(types)
        return cls(zone)

    def _records(self, name: str, kind: str) -> list[Any] | None:
        types = self.zone.get(_name(name))
        return None if types is None else list(types.get(kind, ()))

    def txt(self, name: str) -> tuple[str, ...] | None:
        found = self._records(name, "TXT")
        return None if found is None else tuple(str(v) for v in found)

    def addresses(self, name: str) -> tuple[str, ...] | None:
        types = self.zone.get(_name(name))
        return None if types is None else tuple(str(v) for v in [*types.get("A", ()), *types.get("AAAA", ())])

    def mx(self, name: str) -> tuple[tuple[int, str], ...] | None:
        found = self._records(name, "MX")
        return None if found is None else tuple((int(p), _name(str(x))) for p, x in found)

    def ptr(self, address: str) -> tuple[str, ...]:
        key = str(ipaddress.ip_address(address))
        return tuple(_name(str(v)) for v in (self._records(key, "PTR") or ()))


class NoResolver:
    """Lookups switched off: every question is unanswered."""

    def txt(self, name: str) -> tuple[str, ...] | None:
        raise DnsError("DNS lookups are switched off")

    def addresses(self, name: str) -> tuple[str, ...] | None:
        raise DnsError("DNS lookups are switched off")

    def mx(self, name: str) -> tuple[tuple[int, str], ...] | None:
        raise DnsError("DNS lookups are switched off")

    def ptr(self, address: str) -> tuple[str, ...]:
        raise DnsError("DNS lookups are switched off")


def _name(name: str) -> str:
    return name.strip().rstrip(".").lower()
