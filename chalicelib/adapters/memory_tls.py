"""In-memory fake of ports.tls.TlsReports (unit tests; the contract test holds it to the DynamoDB adapter)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from chalicelib.adapters.ranges import checked
from chalicelib.ports.ingest import Status
from chalicelib.ports.tls import StoredTls
from chalicelib.provenance import Provenance


class MemoryTlsReports:
    def __init__(self) -> None:
        self.items: dict[str, StoredTls] = {}

    def get(self, key: str) -> StoredTls | None:
        return self.items.get(key)

    def put(self, stored: StoredTls, new: bool) -> bool:
        if new and stored.key in self.items:
            return False
        self.items[stored.key] = stored
        return True

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None:
        item = self.items[key]
        self.items[key] = replace(item, status=status, provenance=provenance or item.provenance)

    def by_domain(self, domain: str, start: date, end: date) -> list[StoredTls]:
        checked(start, end)
        found = [s for s in self.items.values() if s.domain == domain and start <= s.begin.date() <= end]
        return sorted(found, key=lambda s: (s.begin, s.key))
