"""Held reports (not authenticated, so counted nowhere) and the operator's answers: accept one, reject one, or
trust a reporter mail domain from now on (which also accepts what it already sent)."""
from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from chalicelib.access.permissions import Permission
from chalicelib.analysis.published import report_day
from chalicelib.errors import InvalidInput, UnknownReport
from chalicelib.ports.ingest import Page, Reports, Status, StoredReport, TrustedReporters
from chalicelib.services.domains import domain_name
from chalicelib.services.ingest import IngestService
from chalicelib.services.listing import scoped_page
from chalicelib.services.trust import accepted

if TYPE_CHECKING:
    from chalicelib.access.scope import Scope

SCAN_PAGE = 200


def report_id(key: str) -> str:
    """The URL-safe id of a report key (keys hold '|' and '%')."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def report_key_of(rid: str) -> str:
    try:
        return base64.urlsafe_b64decode(rid + "=" * (-len(rid) % 4)).decode()
    except (binascii.Error, ValueError):
        raise InvalidInput("invalid_report_id", "report") from None


def _sees(scope: Scope, stored: StoredReport) -> bool:
    return scope.sees_on(stored.domain, report_day(stored.begin, stored.end))


class HeldReportsService:
    def __init__(self, ingest: IngestService, reports: Reports, trusted: TrustedReporters) -> None:
        self.ingest, self.reports, self.trusted = ingest, reports, trusted

    def held(self, limit: int, token: str | None = None, scope: Scope | None = None) -> Page[StoredReport]:
        """A page of held reports; with a scope, only those of the caller's domains, and of an unproven domain
        only those of days from its registration on (services.listing: full pages)."""
        keep = None if scope is None or scope.everything else (lambda s: _sees(scope, s))
        return scoped_page(lambda batch: self.reports.held_rows(token, batch), limit, keep)

    def accept(self, rid: str, scope: Scope | None = None) -> StoredReport:
        return self.ingest.accept(self._key(rid, scope), accepted())

    def reject(self, rid: str, scope: Scope | None = None) -> StoredReport:
        return self.ingest.reject(self._key(rid, scope))

    def _key(self, rid: str, scope: Scope | None) -> str:
        """The report's key, once the caller may change it (another organization's report: 404, as if none)."""
        key = report_key_of(rid)
        if scope is not None and not scope.everything:
            found = self.reports.get(key)
            if found is None or not _sees(scope, found):
                raise UnknownReport(key)
            scope.require(found.domain, Permission.DOMAINS_WRITE)
        return key

    def trusted_reporters(self) -> list[str]:
        return sorted(self.trusted.list())

    def trust_reporter(self, name: object) -> int:
        """Trusts the reporter mail domain from now on and accepts its held reports. Returns how many."""
        domain = domain_name(name, "domain")
        self.trusted.add(domain)
        keys, token = [], None
        while True:
            page = self.reports.held(SCAN_PAGE, token)
            keys += [s.key for s in page.items if s.provenance.from_domain == domain and s.status is Status.HELD]
            token = page.next_token
            if token is None:
                break
        for key in keys:
            self.ingest.accept(key, accepted())
        return len(keys)

    def distrust_reporter(self, name: str) -> bool:
        return self.trusted.remove(domain_name(name, "domain"))
