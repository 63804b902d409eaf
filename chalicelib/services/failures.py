"""Failure rows: list them (by period and kind), dismiss one, or reprocess its mail through the same use case
as `cli reprocess` (the row goes away when the mail now gives everything, or is rewritten with what is left)."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import NotFound as NotFoundError
from chalicelib.ports.ingest import Failure, FailureFilter, Failures, NotFound, Page
from chalicelib.services.reprocess import ReprocessService


@dataclass(frozen=True, slots=True)
class Reprocessed:
    failure_id: str
    reports: int  # reports the mail gave this time
    failure: Failure | None  # the row now: None when nothing is missing any more


class FailureService:
    def __init__(self, failures: Failures, reprocess: ReprocessService, bucket: str) -> None:
        self.failures, self.reprocessor, self.bucket = failures, reprocess, bucket

    def list(self, limit: int, token: str | None = None, where: FailureFilter | None = None) -> Page[Failure]:
        return self.failures.page(limit, token, where)

    def dismiss(self, failure_id: str) -> None:
        self.failures.clear(self._get(failure_id).id)

    def reprocess(self, failure_id: str) -> Reprocessed:
        found = self._get(failure_id)
        try:
            summary = self.reprocessor.reprocess_object(self.bucket, found.object_key)
        except NotFound:
            raise NotFoundError("raw_mail_gone", "failure_id", object_key=found.object_key) from None
        if not found.digest:  # a row of a missing object: the mail's own row (by digest) replaces it
            self.failures.clear(found.id)
        return Reprocessed(found.id, summary.reports, self.failures.get(found.id))

    def _get(self, failure_id: str) -> Failure:
        found = self.failures.get(failure_id) if failure_id else None
        if found is None:
            raise NotFoundError("unknown_failure", "failure_id", failure_id=failure_id)
        return found
