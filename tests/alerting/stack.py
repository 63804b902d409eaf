"""An Aligned stack on moto for the alert integration tests: storage, registry and alert tables on freshly
named tables, the SNS alerts topic with an SQS queue subscribed (to read published messages back), a
`chalice.test.Client` on app.py, and a settable clock for the alert service."""
from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
        from chalicelib.storage.rollups import DynamoRollups

        by_day: dict[date, list[Fact]] = defaultdict(list)
        for f in facts:
            by_day[f.day].append(f)
        for day, items in by_day.items():
            DynamoRollups().merge(DOMAIN, day, f"test-{next(self.units)}", items)

    def register(self, cidr: str, tag: str) -> None:
        from chalicelib.registry import make_entry
        from chalicelib.storage.registry import DynamoRegistry

        DynamoRegistry().put(DOMAIN, make_entry(cidr, tag))
        DynamoRegistry().bump(DOMAIN)

    def add_reports(self, org: str, days: Iterable[date]) -> None:
        from chalicelib.services.ports import Status
        from chalicelib.storage.reports import DynamoReports
        from tests.ingest.reportgen import report

        for day in days:
            begin = datetime.combine(day, datetime.min.time(), UTC)
            rid = f"{org}-{day.isoformat()}"
            DynamoReports().create(f"{DOMAIN}!{org}!{rid}", report(rid, DOMAIN, org, begin=begin), f"raw/{rid}",
                                   Status.APPLIED)

    def get(self, path: str) -> Any:
        return self.client.http.get(path)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return getattr(self.client.http, method)(path, headers={"content-type": "application/json"},
                                                  body=json.dumps(body) if body is not None else b"")


def _env(monkeypatch: pytest.MonkeyPatch, topic_arn: str) -> None:
    from chalicelib import settings as s

    n = next(_names)
    for var in (s.TABLE_REPORTS, s.TABLE_ROLLUPS, s.TABLE_DOMAINS, s.TABLE_FAILURES, s.TABLE_REGISTRY, s.TABLE_ALERTS):
        monkeypatch.setenv(var, f"a{n}-{var.rsplit('_', 1)[-1].lower()}")
    monkeypatch.setenv(s.ALERTS_TOPIC_ARN, topic_arn)
    monkeypatch.setenv(s.UI_BASE_URL, UI)
    monkeypatch.setenv(s.ALERT_COOLDOWN_HOURS, "24")


@pytest.fixture
def alert_stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[AlertStack]:
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib import settings as settings_module
    from chalicelib import wiring
    from chalicelib.storage import alerts, registry, tables

    with mock_aws():
        sns, sqs = boto3.client("sns"), boto3.client("sqs")
        topic = sns.create_topic(Name="aligned-alerts-test")["TopicArn"]
        queue_url = sqs.create_queue(QueueName="alerts-inbox")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        _env(monkeypatch, topic)
        wiring.reset()
        settings_module.api_settings.cache_clear()
        tables.create_all(config=settings_module.settings())
        registry.create_table(settings_module.api_settings())
        alerts.create_table(settings_module.alert_settings())
        clock = Clock()
        wiring.alert_service().clock = clock  # primes every cached adapter before the client patches the env
        wiring.alert_rule_service()
        wiring.domains().add(DOMAIN)
        with Client(app, stage_name="dev", project_dir=str(ROOT)) as client:
            stack = AlertStack(client, clock, sqs, queue_url)
            stack.register("192.0.2.0/24", "newsletter")
            yield stack
    wiring.reset()
    settings_module.api_settings.cache_clear()
