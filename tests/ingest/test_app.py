"""The Lambda handler and the failures route through chalice.test.Client, on moto."""
from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote_plus

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import wiring
from chalicelib.settings import Settings
from tests.ingest.helpers import day_totals, put_mail
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def notification(bucket: str, key: str) -> str:
    return json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": bucket}, "object": {"key": quote_plus(key)}}}]})


def sqs_event(bodies: list[str]) -> dict:  # type: ignore[type-arg]
    return {"Records": [{"messageId": f"m{i}", "receiptHandle": f"h{i}", "body": body, "attributes": {},
                         "messageAttributes": {}, "eventSource": "aws:sqs", "eventSourceARN": "arn:q"}
                        for i, body in enumerate(bodies)]}


@pytest.fixture
def client(moto_stack: Settings) -> Iterator[Client]:
    wiring.container().domains.add("example.com")
    with Client(app_module.app) as c:
        yield c


def test_sqs_event_from_the_test_client(client: Client, moto_stack: Settings) -> None:
    key = put_mail(report("x", count=5), key="incoming/a b+c.eml")
    event = client.events.generate_sqs_event(message_bodies=[notification(moto_stack.raw_mail.bucket, key)],
                                             queue_name=moto_stack.queue.ingest)
    response = client.lambda_.invoke("handle_raw_mail", event)
    assert response.payload == {"batchItemFailures": []}
    assert day_totals("example.com", D, D) == {D: 15}


def test_direct_call_with_a_raw_lambda_event_and_no_context(moto_stack: Settings) -> None:
    wiring.container().domains.add("example.com")
    good = put_mail(report("y", count=2))
    bad = put_mail(b"not a report at all")
    test_event = json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": moto_stack.raw_mail.bucket})
    result = app_module.handle_raw_mail(sqs_event([notification(moto_stack.raw_mail.bucket, good), test_event,
                                                   notification(moto_stack.raw_mail.bucket, bad), "garbage"]), None)
    assert result == {"batchItemFailures": []}  # a message that is not a report is recorded, not retried
    assert day_totals("example.com", D, D) == {D: 6}
    assert [f.object_key for f in wiring.failures().page(10).items] == [bad]


def test_transient_errors_are_retried(moto_stack: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    good = put_mail(report("z", count=2))
    calls = []

    def flaky(bucket: str, key: str):  # type: ignore[no-untyped-def]
        calls.append(key)
        if len(calls) == 1:
            raise ConnectionError("DynamoDB is unreachable")
        return wiring.ingest_service().ingest_object(bucket, key)

    monkeypatch.setattr(wiring.container(), "ingest_object", flaky)
    body = notification(moto_stack.raw_mail.bucket, good)
    assert app_module.handle_raw_mail(sqs_event([body, body]), None) == {
        "batchItemFailures": [{"itemIdentifier": "m0"}]}
    calls.clear()
    with pytest.raises(RuntimeError, match="all 1 message"):
        app_module.handle_raw_mail(sqs_event([body]), None)


def test_failures_route_pages(client: Client, moto_stack: Settings) -> None:
    for i in range(5):
        wiring.ingest_object(moto_stack.raw_mail.bucket, put_mail(b"junk %d" % i))
    first = client.http.get("/api/ingest/failures?limit=3")
    assert first.status_code == 200
    body = first.json_body
    assert len(body["items"]) == 3 and body["next"]
    assert {"object_key", "kind", "message", "at"} <= set(body["items"][0])
    rest = client.http.get(f"/api/ingest/failures?limit=3&next={body['next']}").json_body
    assert len(rest["items"]) == 2 and rest["next"] is None
    assert client.http.get("/api/ingest/failures?limit=0").status_code == 400
    assert client.http.get("/api/ingest/failures?next=%25%25").status_code == 400
