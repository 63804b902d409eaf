"""The port TLS report storage implements, and the stored value crossing it. A TLS report is stored once per
policy domain it covers (its part about that domain), keyed like aggregate reports: domain | reporter | id."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.dmarc.tls_model import TlsReport
from chalicelib.ports.ingest import Status
from chalicelib.provenance import Provenance


@dataclass(frozen=True, slots=True)
class StoredTls:
    key: str
    domain: str
    report: TlsReport  # the part of the report about `domain`
    raw_key: str
    status: Status  # APPLIED (counts), UNCLAIMED, HELD or REJECTED; no rollups, so never PENDING for long
    provenance: Provenance
    content: str | None

    @property
    def begin(self) -> datetime:
        return self.report.begin


class TlsReports(Protocol):
    def get(self, key: str) -> StoredTls | None: ...

    def put(self, stored: StoredTls, new: bool) -> bool:
        """Writes the item; with `new`, only if the key does not exist yet (False, nothing written, if it does)."""
        ...

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None: ...

    def by_domain(self, domain: str, start: date, end: date) -> list[StoredTls]:
        """The domain's TLS reports that begin on the UTC days start..end (inclusive), by begin."""
        ...
