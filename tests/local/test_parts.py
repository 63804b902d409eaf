"""The local stack's parts without processes: raw-mail mirror, Lambda-shaped events, handler discovery, the
driver's SQS pump (on moto's in-process mock), resources and the demo marker."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice import Chalice, Rate
from moto import mock_aws

from chalicelib import settings
from local import discovery, driver, resources, topology
from local.lambda_events import LambdaContext, schedule_event, sqs_event
from local.mirror import RawMailMirror
from local.seed import DemoState

TOPOLOGY = resources.Topology("raw-bucket", "incoming/", "ingest-queue", "alerts")


@pytest.fixture
def aws():
    with mock_aws():
        s3, sqs = boto3.client("s3", region_name="us-east-1"), boto3.client("sqs", region_name="us-east-1")
        resources.ensure_bucket(s3, TOPOLOGY)
        url = resources.ensure_queue(sqs, TOPOLOGY)
        resources.ensure_notification(s3, TOPOLOGY)
        resources.ensure_topic(boto3.client("sns", region_name="us-east-1"), TOPOLOGY)
        yield s3, sqs, url


def test_mirror_round_trip_and_unsafe_keys(tmp_path: Path) -> None:
    mirror = RawMailMirror(tmp_path, "b")
    mirror.save("incoming/a b+c%.eml", b"one")
    mirror.save("other/x", b"two")
    assert dict((k, p.read_bytes()) for k, p in mirror.files()) == {"incoming/a b+c%.eml": b"one", "other/x": b"two"}
    for bad in ("../x", "a/../../x", "/abs", "a//b", ""):
        with pytest.raises(ValueError):
            mirror.path_of(bad)


def test_mirror_restores_and_syncs(aws, tmp_path: Path) -> None:
    s3, sqs, url = aws
    mirror = RawMailMirror(tmp_path, TOPOLOGY.bucket)
    s3.put_object(Bucket=TOPOLOGY.bucket, Key="incoming/m1", Body=b"mail one")
    assert mirror.sync(s3) == 1 and mirror.sync(s3) == 0
    s3.delete_object(Bucket=TOPOLOGY.bucket, Key="incoming/m1")
    assert mirror.restore(s3) == 1
    assert s3.get_object(Bucket=TOPOLOGY.bucket, Key="incoming/m1")["Body"].read() == b"mail one"


def test_notification_feeds_the_queue_with_a_redrive_policy(aws) -> None:
    s3, sqs, url = aws
    s3.put_object(Bucket=TOPOLOGY.bucket, Key="incoming/x+y", Body=b"m")
    s3.put_object(Bucket=TOPOLOGY.bucket, Key="elsewhere/z", Body=b"m")
    bodies = [m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert [k for b in bodies for _, k in driver.s3_keys(b)] == ["incoming/x+y"]
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert json.loads(attrs["RedrivePolicy"])["deadLetterTargetArn"].endswith(TOPOLOGY.dead_letter_queue)
    # idempotent: a second start finds everything in place
    resources.ensure_bucket(s3, TOPOLOGY)
    assert resources.ensure_queue(sqs, TOPOLOGY) == url


def test_events_have_the_lambda_shape() -> None:
    event = sqs_event("arn:aws:sqs:us-east-1:123456789012:q", [{"MessageId": "m", "ReceiptHandle": "r", "Body": "{}"}])
    record = event["Records"][0]
    assert record["eventSource"] == "aws:sqs" and record["messageId"] == "m" and record["body"] == "{}"
    assert set(record["attributes"]) >= {"ApproximateReceiveCount", "SentTimestamp"}
    sched = schedule_event("evaluate_alerts")
    assert sched["detail-type"] == "Scheduled Event" and sched["resources"][0].endswith("rule/evaluate_alerts")
    context = LambdaContext("f")
    assert context.invoked_function_arn.endswith(":function:f") and context.get_remaining_time_in_millis() > 0


CALLS: list[dict] = []


def _fake_app_module() -> Any:
    app = Chalice(app_name="fake")

    @app.on_sqs_message(queue="ingest-queue", batch_size=10)
    def ingest(event):
        records = event.to_dict()["Records"]
        CALLS.append(event.to_dict())
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in records if "fail" in r["body"]]}

    @app.schedule(Rate(1, unit=Rate.HOURS))
    def every_hour(event):
        CALLS.append(event.to_dict())

    module = types.ModuleType("fake_local_app")
    vars(module).update(app=app, ingest=ingest, every_hour=every_hour)
    return module


def test_discovery_finds_sqs_and_schedule_handlers(monkeypatch) -> None:
    module = _fake_app_module()
    monkeypatch.setitem(sys.modules, "fake_local_app", module)
    [sqs] = discovery.sqs_sources(module.app)
    [sched] = discovery.schedule_sources(module.app)
    assert (sqs.queue, sqs.batch_size) == ("ingest-queue", 10)
    assert sched.expression == "rate(1 hour)"
    # Chalice names the handler after the module that defined it; resolve() imports "module.attr"
    assert discovery.resolve("fake_local_app.ingest") is module.ingest


def test_pump_invokes_the_handler_and_deletes_what_succeeded(aws, monkeypatch, tmp_path: Path) -> None:
    s3, sqs, url = aws
    module = _fake_app_module()
    monkeypatch.setitem(sys.modules, "fake_local_app", module)
    source = discovery.SqsSource("ingest", "fake_local_app.ingest", TOPOLOGY.queue, 10)
    pump = driver.SqsPump(source, tmp_path)
    sqs.purge_queue(QueueUrl=url)  # drop the s3:TestEvent
    s3.put_object(Bucket=TOPOLOGY.bucket, Key="incoming/ok.eml", Body=b"raw mail")
    sqs.send_message(QueueUrl=url, MessageBody="please fail")
    CALLS.clear()
    handled = 0
    for _ in range(3):
        handled += pump.poll_once()
    assert handled == 1 and CALLS
    assert CALLS[0]["Records"][0]["eventSourceARN"].endswith(":ingest-queue")
    assert (tmp_path / TOPOLOGY.bucket / "incoming" / "ok.eml").read_bytes() == b"raw mail"
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
    assert attrs["Attributes"]["ApproximateNumberOfMessagesNotVisible"] == "1"  # the failed one, retried later


def test_demo_state_round_trip(tmp_path: Path) -> None:
    state = DemoState.load(tmp_path)
    assert not state.registered and state.through is None
    state.registered, state.through, state.messages = True, "2025-01-31", 361
    state.save(tmp_path)
    again = DemoState.load(tmp_path)
    assert (again.registered, again.through, again.messages) == (True, "2025-01-31", 361)


def test_web_server_serves_files_and_proxies_the_api(tmp_path: Path) -> None:
    import threading
    import urllib.request
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from local.webserver import serve

    class Api(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            out = json.dumps({"path": self.path, "got": body.decode()}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

    api = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=api.serve_forever, daemon=True).start()
    (tmp_path / "index.html").write_text("<h1>Aligned</h1>")
    web = serve(tmp_path, 0, api.server_address[1])
    base = f"http://127.0.0.1:{web.server_address[1]}"
    try:
        assert urllib.request.urlopen(base + "/").read() == b"<h1>Aligned</h1>"
        req = urllib.request.Request(base + "/api/domains?x=1", data=b'{"domain": "d"}', method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            assert resp.status == 201
            assert json.loads(resp.read()) == {"path": "/api/domains?x=1", "got": '{"domain": "d"}'}
    finally:
        web.shutdown()
        api.shutdown()


def test_topology_follows_the_app_settings() -> None:
    env = {settings.RAW_BUCKET: "b-local", settings.RAW_PREFIX: "in/", settings.INGEST_QUEUE: "q-local"}
    top = topology.derive(None, env)
    assert (top.bucket, top.incoming_prefix, top.queue) == ("b-local", "in/", "q-local")
    names = topology.resource_env(top, "http://127.0.0.1:8001", {})
    assert names[settings.RAW_BUCKET] == "b-local" and names[settings.INGEST_QUEUE] == "q-local"
