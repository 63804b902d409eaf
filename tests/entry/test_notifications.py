"""S3 notifications in SQS bodies."""
from __future__ import annotations

import json
from urllib.parse import quote_plus

import pytest

from chalicelib.entry.notifications import BadNotification, s3_objects


def body(key: str, event: str = "ObjectCreated:Put") -> str:
    return json.dumps({"Records": [{"eventName": event, "s3": {"bucket": {"name": "b"},
                                                                  "object": {"key": quote_plus(key)}}}]})


def test_keys_are_unquoted() -> None:
    assert s3_objects(body("incoming/a b+c=d.eml")) == [("b", "incoming/a b+c=d.eml")]


def test_test_event_is_ignored() -> None:
    assert s3_objects(json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "b"})) == []


def test_removals_are_ignored() -> None:
    assert s3_objects(body("k", "ObjectRemoved:Delete")) == []


@pytest.mark.parametrize("text", ["not json", "[]", '{"Records": [{"s3": {}}]}'])
def test_garbage(text: str) -> None:
    with pytest.raises(BadNotification):
        s3_objects(text)
