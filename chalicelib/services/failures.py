"""Failure rows: list them (by period and kind), dismiss one, or reprocess its mail through the same use case
as `cli reprocess` (the row goes away when the mail now gives everything, or is rewritten with what is left)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.access.permissions import Permission
from chalicelib.errors import NotFound as NotFoundError
from chalicelib.ports.ingest import Failure, FailureFilter, Failures, NotFound, Page
from chalicelib.services.listing import scoped_page
from chalicelib.services.reprocess import ReprocessService

if TYPE_CHECKING:
    from chalicelib.access.scope import Scope

_SUBJECT_DOMAIN = re.compile(r"report\s+domain:\s*([a-z0-9.-]+)", re.IGNORECASE)


def failure_domain(f: Failure) -> str | None:
    """The policy domain a failed mail was about, when it says: the RFC 7489 section 7.2.1.1 subject
    ("Report Domain: <domain> ...") or the file name (<receiver>!<domain>!<begin>!<end>...). None: unknown
    (such rows are the operator's only)."""
    found = _SUBJECT_DOMAIN.search(f.subject or "")
    if found:
        return found.group(1).rstrip(".").lower()
    parts = (f.name or "").split("!")
    return parts[1].strip().lower() if len(parts) >= 4 and "." in parts[1] else None


@dataclass(frozen=True, slots=True)
class Reprocessed:
    failure_id: str
    reports: int  # reports the mail gave this time
    failure: Failure | None  # the row now: None when nothing is missing any more


class FailureService:
    def __init__(self, failures: Failures, reprocess: ReprocessService, bucket: str) -> None:
        self.failures, self.reprocessor, self.bucket = failures, reprocess, bucket

    def list(self, limit: int, token: str | None = None, where: FailureFilter | None = None,
             scope: Scope | None = None) -> Page[Failure]:
        """A page of rows; with a scope, only those about the caller's domains, and about an unproven domain only
        those recorded from its registration day on (services.listing: full pages)."""
        keep = None if scope is None or scope.everything else \
            (lambda f: (name := failure_domain(f)) is not None and scope.sees_on(name, f.at.date()))
        return scoped_page(lambda batch: self.failures.rows(token, where, batch), limit, keep)

    def dismiss(self, failure_id: str, scope: Scope | None = None) -> None:
        self.failures.clear(self._get(failure_id, scope).id)

    def reprocess(self, failure_id: str, scope: Scope | None = None) -> Reprocessed:
        found = self._get(failure_id, scope)
        try:
            summary = self.reprocessor.reprocess_object(self.bucket, found.object_key)
        except NotFound:
            raise NotFoundError("raw_mail_gone", "failure_id", object_key=found.object_key) from None
        if not found.digest:  # a row of a missing object: the mail's own row (by digest) replaces it
            self.failures.clear(found.id)
        return Reprocessed(found.id, summary.reports, self.failures.get(found.id))

    def _get(self, failure_id: str, scope: Scope | None = None) -> Failure:
        found = self.failures.get(failure_id) if failure_id else None
        if found is not None and scope is not None and not scope.everything:
            name = failure_domain(found)
            if name is None or not scope.sees_on(name, found.at.date()):
                found = None
            else:
                scope.require(name, Permission.DOMAINS_WRITE)
        if found is None:
            raise NotFoundError("unknown_failure", "failure_id", failure_id=failure_id)
        return found
