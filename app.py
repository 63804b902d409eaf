"""Aligned's Chalice app: registers the blueprints and event handlers, nothing else. Heavy modules (boto3,
pynamodb, lxml, Powertools) are imported on first use, not here, to keep the cold start short."""
from __future__ import annotations

from typing import Any

from chalice import Chalice
from chalice.app import SQSEvent

from chalicelib.api.ingest import ingest_api
from chalicelib.settings import settings

INGEST_BATCH_SIZE = 10

app = Chalice(app_name="aligned")
app.register_blueprint(ingest_api)


@app.on_sqs_message(queue=settings().ingest_queue, batch_size=INGEST_BATCH_SIZE)
def handle_raw_mail(event: SQSEvent) -> dict[str, Any]:
    """Ingests the raw mails named by the S3 notifications in an SQS batch (s3:TestEvent is ignored).

    Returns a partial-batch response {"batchItemFailures": [{"itemIdentifier": messageId}, ...]} naming the
    messages to retry; raises when all of them failed. A local driver calls the decorated object directly
    with a raw Lambda SQS event dict and any context (None works):
    `app.handle_raw_mail({"Records": [{"messageId": ..., "receiptHandle": ..., "body": ...}]}, None)`."""
    from chalicelib import wiring
    from chalicelib.aws.sqs_batch import process_batch
    from chalicelib.telemetry import IngestTelemetry

    telemetry = IngestTelemetry()
    try:
        return process_batch(event.to_dict(), wiring.ingest_object, telemetry)
    finally:
        telemetry.flush()
