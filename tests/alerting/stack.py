"""An Aligned stack on moto for the alert integration tests: storage, registry and alert tables on freshly
named tables, the SNS alerts topic with an SQS queue subscribed (to read published messages back), a
`chalice.test.Client` on app.py, and a settable clock for the alert service."""
from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from chalicelib.analysis.facts import Fact

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "example.com"
UI = "https://dmarc.example.jp/"
_names = itertools.count()


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(minute=0, second=0, microsecond=0))

    def __call__(self) -> datetime:
        return self.now

    @property
    def today(self) -> date:
        return self.now.date()

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class AlertStack:
    client: Any
    clock: Clock
    sqs: Any
    queue_url: str
    container: Any
    units: Iterator[int] = field(default_factory=itertools.count)

    def invoke(self, name: str = "evaluate_alerts") -> Any:
        event = self.client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[f"arn:aws:events:::rule/{name}"])
        return self.client.lambda_.invoke(name, event).payload

    def published(self) -> list[dict[str, Any]]:
        """SNS notifications delivered to the subscribed queue since the last call (envelopes as dicts)."""
        out = []
        while True:
            got = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not got:
                return out
            for m in got:
                out.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=m["ReceiptHandle"])

    def add_facts(self, facts: Iterable[Fact]) -> None:
        by_day: dict[date, list[Fact]] = defaultdict(list)
        for f in facts:
            by_day[f.day].append(f)
        for day, items in by_day.items():
            self.container.rollups.merge(DOMAIN, day, f"test-{next(self.units)}", items)

    def register(self, cidr: str, tag: str) -> None:
        from chalicelib.registry import make_entry

        self.container.registry.put(DOMAIN, make_entry(cidr, tag))  # type: ignore[attr-defined]
        self.container.registry.bump(DOMAIN)  # type: ignore[attr-defined]

    def add_reports(self, org: str, days: Iterable[date]) -> None:
        from chalicelib.ports.ingest import Status
        from tests.ingest.reportgen import report

        for day in days:
            begin = datetime.combine(day, datetime.min.time(), UTC)
            rid = f"{org}-{day.isoformat()}"
            r = report(rid, DOMAIN, org, begin=begin)
            self.container.reports.create(f"{DOMAIN}!{org}!{rid}", r, f"raw/{rid}", Status.APPLIED)
            self.container.policies.record(r, counted=True)  # its policy in the policy log, as ingest does

    def get(self, path: str) -> Any:
        return self.client.http.get(path)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return getattr(self.client.http, method)(path, headers={"content-type": "application/json"},
                                                  body=json.dumps(body) if body is not None else b"")


def _settings(topic_arn: str) -> Any:
    from chalicelib.settings import Alerts, Topic, Ui
    from tests.storage.conftest import fresh_settings

    # Settled lag 0: the rule scenarios write day facts without reports, so every finished day counts as
    # complete (the timing itself is tested in tests/usecases/test_alert_timing.py and test_timing_api.py).
    return replace(fresh_settings("a"), topic=Topic(topic_arn), ui=Ui(UI), alerts=Alerts(24, 30, 0))


@pytest.fixture
def alert_stack() -> Iterator[AlertStack]:
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from tests.storage.conftest import installed

    with mock_aws():
        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        topic = sns.create_topic(Name="aligned-alerts-test")["TopicArn"]
        queue_url = sqs.create_queue(QueueName="alerts-inbox")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        with installed(_settings(topic)) as built:
            clock = Clock()
            built.alerts.clock = clock
            built.domains.add(DOMAIN)
            with Client(app, stage_name="dev", project_dir=str(ROOT)) as client:
                stack = AlertStack(client, clock, sqs, queue_url, built)
                stack.register("192.0.2.0/24", "newsletter")
                yield stack
