"""One SQS batch of S3 notifications -> ingest each object -> a partial-batch response.

A message whose ingest raised (storage or S3 trouble) is reported in `batchItemFailures` and comes back
after the visibility timeout; permanent problems (not a report, malformed...) are recorded as failures by
the ingest use case and are *not* retried. When every message failed the batch raises instead, which
retries it whether or not the event source mapping has ReportBatchItemFailures switched on.

With a Budget (chalicelib.entry.deadline) each message runs under its time limit, and a message that could
not get its whole limit before the invocation ends is not started: it goes back to the queue (deferred)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from chalicelib.entry.deadline import Budget, MessageTimedOut, time_limit
from chalicelib.entry.notifications import BadNotification, s3_objects
from chalicelib.services.ingest import IngestResult


class Observer(Protocol):
    def ingested(self, result: IngestResult) -> None: ...

    def errored(self, bucket: str, key: str, error: Exception) -> None: ...

    def ignored(self, message_id: str, reason: str) -> None: ...

    def deferred(self, message_id: str) -> None: ...

    def timed_out(self, message_id: str) -> None: ...


class BatchFailed(RuntimeError):
    """Every message of the batch failed: raised so that the whole batch is retried."""


def process_batch(event: dict[str, Any], ingest: Callable[[str, str], IngestResult],
                  observer: Observer, budget: Budget | None = None) -> dict[str, list[dict[str, str]]]:
    records = event.get("Records") or []
    failed: list[dict[str, str]] = []
    errors = 0
    for record in records:
        message_id = str(record.get("messageId", ""))
        limit = budget.next_limit() if budget is not None else None
        if budget is not None and limit is None:
            observer.deferred(message_id)  # not started: back to the queue, not an error
            failed.append({"itemIdentifier": message_id})
            continue
        try:
            with time_limit(limit):
                ok = _process_message(message_id, record.get("body", ""), ingest, observer)
        except MessageTimedOut:
            observer.timed_out(message_id)  # over its time: retried, in the end alone in the dead-letter queue
            ok = False
        if not ok:
            errors += 1
            failed.append({"itemIdentifier": message_id})
    if records and errors == len(records):
        raise BatchFailed(f"all {len(records)} message(s) of the batch failed; the batch will be retried")
    return {"batchItemFailures": failed}


def _process_message(message_id: str, body: str, ingest: Callable[[str, str], IngestResult],
                     observer: Observer) -> bool:
    """Ingests the objects a message names; False when one raised (the message is to be retried)."""
    try:
        objects = s3_objects(body)
    except BadNotification as exc:
        observer.ignored(message_id, str(exc))  # retrying cannot help: never redeliver
        return True
    if not objects:
        observer.ignored(message_id, "s3:TestEvent or no object-created record")
    for bucket, key in objects:
        try:
            observer.ingested(ingest(bucket, key))
        except Exception as exc:  # transient (S3 or DynamoDB trouble) or over its time: the message comes back
            observer.errored(bucket, key, exc)
            return False
    return True
