"""One SQS batch of S3 notifications -> ingest each object -> a partial-batch response.

A message whose ingest raised (storage or S3 trouble) is reported in `batchItemFailures` and comes back
after the visibility timeout; permanent problems (not a report, malformed...) are recorded as failures by
the ingest use case and are *not* retried. When every message failed the batch raises instead, which
retries it whether or not the event source mapping has ReportBatchItemFailures switched on."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from chalicelib.entry.notifications import BadNotification, s3_objects
from chalicelib.services.ingest import IngestResult


class Observer(Protocol):
    def ingested(self, result: IngestResult) -> None: ...

    def errored(self, bucket: str, key: str, error: Exception) -> None: ...

    def ignored(self, message_id: str, reason: str) -> None: ...


class BatchFailed(RuntimeError):
    """Every message of the batch failed: raised so that the whole batch is retried."""


def process_batch(event: dict[str, Any], ingest: Callable[[str, str], IngestResult],
                  observer: Observer) -> dict[str, list[dict[str, str]]]:
    records = event.get("Records") or []
    failed: list[dict[str, str]] = []
    for record in records:
        message_id = str(record.get("messageId", ""))
        try:
            objects = s3_objects(record.get("body", ""))
        except BadNotification as exc:
            observer.ignored(message_id, str(exc))  # retrying cannot help: never redeliver
            continue
        if not objects:
            observer.ignored(message_id, "s3:TestEvent or no object-created record")
        for bucket, key in objects:
            try:
                observer.ingested(ingest(bucket, key))
            except Exception as exc:  # transient: S3 or DynamoDB trouble; the message comes back
                observer.errored(bucket, key, exc)
                failed.append({"itemIdentifier": message_id})
                break
    if records and len(failed) == len(records):
        raise BatchFailed(f"all {len(records)} message(s) of the batch failed; the batch will be retried")
    return {"batchItemFailures": failed}
