"""Messages that yielded no report: one item per raw object key (so retries do not repeat it), listed
newest first through a time-ordered index."""
from __future__ import annotations

from chalicelib.ports.ingest import Failure, Page
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import FailureItem
from chalicelib.storage.paging import decode_token, encode_token

MAX_MESSAGE_CHARS = 2000


class DynamoFailures:
    def __init__(self, table_name: str) -> None:
        self._failures = bind_model(FailureItem, table_name)

    def record(self, failure: Failure) -> None:
        self._failures(failure.object_key, kind=failure.kind, message=failure.message[:MAX_MESSAGE_CHARS],
                    at=failure.at).save()

    def clear(self, object_key: str) -> None:
        self._failures(object_key).delete()

    def page(self, limit: int, token: str | None = None) -> Page[Failure]:
        start = decode_token(token, self._failures, "all", self._failures.by_time)
        result = self._failures.by_time.query("all", limit=limit, scan_index_forward=False, last_evaluated_key=start)
        items = tuple(Failure(i.object_key, i.kind, i.message, i.at) for i in result)
        return Page(items, encode_token(result.last_evaluated_key) if len(items) == limit else None)
