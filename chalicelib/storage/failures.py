"""Messages that yielded no report, or only part of what they hold: one item per raw mail (keyed by its
digest, so retries and re-imports do not repeat it), listed newest first through a time-ordered index. The
index projects only kind and message, so a page is one index query and one batch read of its items."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.errors import BadToken
from chalicelib.ports.ingest import Failure, FailureFilter, Page
from chalicelib.ports.rows import fill
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import FailureItem
from chalicelib.storage.paging import decode_token, encode_token

MAX_MESSAGE_CHARS = 2000
_EARLIEST, _LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC)


class DynamoFailures:
    def __init__(self, table_name: str) -> None:
        self._failures = bind_model(FailureItem, table_name)

    def record(self, failure: Failure) -> None:
        self._failures(failure.id, raw_key=failure.object_key, kind=failure.kind,
                       message=failure.message[:MAX_MESSAGE_CHARS], at=failure.at, digest=failure.digest or None,
                       name=failure.name or None, subject=failure.subject or None,
                       sender=failure.sender or None, reports=failure.reports).save()

    def get(self, failure_id: str) -> Failure | None:
        try:
            return _failure(self._failures.get(failure_id))
        except self._failures.DoesNotExist:
            return None

    def clear(self, failure_id: str) -> None:
        self._failures(failure_id).delete()

    def page(self, limit: int, token: str | None = None, where: FailureFilter | None = None) -> Page[Failure]:
        return fill(self.rows(token, where, limit + 1), limit)

    def rows(self, token: str | None, where: FailureFilter | None, batch: int) -> Iterator[tuple[Failure, str | None]]:
        """The index gives ids and order, `batch` at a time; one batch read gives their items (a row cleared in
        between is left out)."""
        where = where or FailureFilter()
        low, high = _bounds(where)
        start = decode_token(token, self._failures, "all", self._failures.by_time)
        if start is not None and not low <= _token_time(self._failures, start) <= high:
            raise BadToken()  # a token of another period: DynamoDB would reject it as outside the query
        result = self._failures.by_time.query(
            "all", self._failures.at.between(low, high), scan_index_forward=False, last_evaluated_key=start,
            filter_condition=self._failures.kind == where.kind if where.kind else None, page_size=batch)
        ids: list[tuple[str, str | None]] = []
        for item in result:
            ids.append((item.failure_id, encode_token(result.last_evaluated_key)))
            if len(ids) == batch:
                yield from self._read(ids)
                ids = []
        yield from self._read(ids)

    def _read(self, ids: list[tuple[str, str | None]]) -> Iterator[tuple[Failure, str | None]]:
        found = {i.failure_id: i for i in self._failures.batch_get([i for i, _ in ids])} if ids else {}
        return ((_failure(found[i]), after) for i, after in ids if i in found)


def _bounds(where: FailureFilter) -> tuple[datetime, datetime]:
    low = _start_of(where.start) if where.start else _EARLIEST
    high = _start_of(where.end + timedelta(days=1)) - timedelta(microseconds=1) if where.end else _LATEST
    return low, high


def _token_time(model: Any, start: dict[str, Any]) -> datetime:
    try:
        return model.at.deserialize(start["at"]["S"])  # type: ignore[no-any-return]
    except (KeyError, TypeError, ValueError):
        raise BadToken() from None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _failure(item: Any) -> Failure:
    return Failure(item.raw_key or item.failure_id, item.kind, item.message, item.at, item.digest or "",
                   item.name or "", item.subject or "", item.sender or "", int(item.reports or 0))
