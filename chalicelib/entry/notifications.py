"""S3 event notifications as they arrive in SQS message bodies. Keys arrive URL-encoded (quote_plus)."""
from __future__ import annotations

import json
from urllib.parse import unquote_plus


class BadNotification(ValueError):
    """An SQS body that is neither an S3 notification nor S3's test event."""


def s3_objects(body: str) -> list[tuple[str, str]]:
    """(bucket, key) of each object-created record; [] for the s3:TestEvent S3 sends when it is configured."""
    try:
        message = json.loads(body)
    except ValueError as exc:
        raise BadNotification("the message body is not JSON") from exc
    if not isinstance(message, dict):
        raise BadNotification("the message body is not a JSON object")
    if message.get("Event") == "s3:TestEvent":
        return []
    if "Message" in message and "Records" not in message:  # delivered through SNS first
        return s3_objects(message["Message"])
    try:
        return [(r["s3"]["bucket"]["name"], unquote_plus(r["s3"]["object"]["key"]))
                for r in message["Records"] if str(r.get("eventName", "ObjectCreated")).startswith("ObjectCreated")]
    except (KeyError, TypeError) as exc:
        raise BadNotification("the message body is not an S3 notification") from exc
