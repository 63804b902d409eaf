"""One SQS batch -> a partial-batch response, with a fake ingest and observer (no AWS); and the entry layer
imports no AWS SDK, pynamodb, Chalice or Powertools until a handler uses it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.entry.sqs_batch import BatchFailed, process_batch
from chalicelib.services.ingest import IngestResult

ROOT = Path(__file__).resolve().parents[2]


class Observer:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def ingested(self, result: IngestResult) -> None:
        self.seen.append(("ingested", result.object_key))

    def errored(self, bucket: str, key: str, error: Exception) -> None:
        self.seen.append(("errored", key))

    def ignored(self, message_id: str, reason: str) -> None:
        self.seen.append(("ignored", message_id))

    def deferred(self, message_id: str) -> None:
        self.seen.append(("deferred", message_id))

    def timed_out(self, message_id: str) -> None:
        self.seen.append(("timed out", message_id))


def message(message_id: str, *keys: str) -> dict[str, str]:
    records = [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": k}}}
               for k in keys]
    return {"messageId": message_id, "body": json.dumps({"Records": records})}


def ingest(bucket: str, key: str) -> IngestResult:
    if key.startswith("down"):
        raise ConnectionError("S3 is away")
    return IngestResult(key, ())


def test_only_the_messages_that_raised_come_back() -> None:
    seen = Observer()
    event = {"Records": [message("m1", "a"), message("m2", "down-b", "c"), {"messageId": "m3", "body": "{}x"},
                         {"messageId": "m4", "body": json.dumps({"Event": "s3:TestEvent"})}]}
    assert process_batch(event, ingest, seen) == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert seen.seen == [("ingested", "a"), ("errored", "down-b"), ("ignored", "m3"), ("ignored", "m4")]


def test_a_batch_where_every_message_failed_raises() -> None:
    with pytest.raises(BatchFailed):
        process_batch({"Records": [message("m1", "down-a"), message("m2", "down-b")]}, ingest, Observer())
    assert process_batch({"Records": []}, ingest, Observer()) == {"batchItemFailures": []}


CODE = """
import pkgutil, importlib, sys
import chalicelib.entry as pkg
for m in pkgutil.iter_modules(pkg.__path__):
    importlib.import_module("chalicelib.entry." + m.name)
print(",".join(sorted(n for n in sys.modules if n.split(".")[0] in
                      ("boto3", "botocore", "pynamodb", "chalice", "aws_lambda_powertools"))))
"""


def test_entry_imports_no_aws_sdk_until_used() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
