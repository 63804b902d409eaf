"""Per-organization notifications: one topic, an `org` message attribute, a filter policy per organization's
subscription (moto delivers to SQS subscribers by filter policy). acme's alerts never reach bravo's
subscribers; the operator's unfiltered subscription gets everything, also the alerts of a domain no organization
owns (they carry no org). And the alert schedule's messages go through that notifier."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.alerting.render import Message
from chalicelib.aws.sns import SnsNotifier
from tests.offline import offline_settings

OWNERS = {"acme-mail.example": "acme", "bravo.example": "bravo"}


@pytest.fixture
def sns() -> Iterator[tuple[Any, Any]]:
    import boto3
    from moto import mock_aws

    with mock_aws():
        yield boto3.client("sns", region_name="us-east-1"), boto3.client("sqs", region_name="us-east-1")


def subscribe(sns: Any, sqs: Any, topic: str, name: str, orgs: list[str] | None) -> str:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    attributes = {"RawMessageDelivery": "false"}
    if orgs is not None:
        attributes["FilterPolicy"] = json.dumps({"org": orgs})
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes)
    return url  # type: ignore[no-any-return]


def received(sqs: Any, url: str) -> list[str]:
    out = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    return sorted(json.loads(m["Body"])["MessageAttributes"]["domain"]["Value"] for m in out.get("Messages", []))


def test_each_organization_gets_only_its_own_alerts(sns: tuple[Any, Any]) -> None:
    client, sqs = sns
    topic = client.create_topic(Name="alerts")["TopicArn"]
    acme, bravo = (subscribe(client, sqs, topic, org, [org]) for org in ("acme", "bravo"))
    operator = subscribe(client, sqs, topic, "operator", None)
    notifier = SnsNotifier(client, topic, OWNERS.get)
    for domain in ("acme-mail.example", "bravo.example", "nobody.example"):
        notifier.publish(Message(domain, "alert", "fired", f"[Aligned] {domain}", "ja", "body"))
    assert received(sqs, acme) == ["acme-mail.example"]
    assert received(sqs, bravo) == ["bravo.example"]
    assert received(sqs, operator) == ["acme-mail.example", "bravo.example", "nobody.example"]


def test_the_alert_schedule_evaluates_rule_domain_organization(sns: tuple[Any, Any]) -> None:
    """The hourly evaluation of two customers' rules: each firing reaches only its organization's subscribers,
    and each organization's notifications list shows only its own."""
    from datetime import UTC, datetime, timedelta

    from chalicelib import wiring
    from chalicelib.access.permissions import Role
    from chalicelib.access.principal import Membership, Principal
    from chalicelib.access.scope import Scope
    from chalicelib.adapters.memory import memory_adapters
    from chalicelib.alerting.rules import Rule, Spoofing
    from chalicelib.settings import Topic
    from tests.alerting.helpers import OWN_IP, SPOOF_IP, fact

    client, sqs = sns
    topic = client.create_topic(Name="alerts")["TopicArn"]
    acme, bravo = (subscribe(client, sqs, topic, org, [org]) for org in ("acme", "bravo"))
    fakes = {k: v for k, v in memory_adapters().items() if k != "notifier"}
    built = wiring.bootstrap(offline_settings(topic=Topic(topic)), **fakes, sns_client=client)
    now = datetime.now(UTC)
    for domain, org in OWNERS.items():
        built.domains.add(domain, org, now)
        built.alert_stores.rules.create(Rule(domain, "r1", "Spoofing", Spoofing(threshold=10, days=7)))
    own, spoofed = now.date() - timedelta(days=1), now.date() - timedelta(days=3)

    def spoof(domain: str) -> None:
        built.rollups.merge(domain, own, "own", [fact(own, OWN_IP, 500, True)])
        built.rollups.merge(domain, spoofed, "spoof", [fact(spoofed, SPOOF_IP, 50, False)])

    spoof("acme-mail.example")
    assert built.alerts.evaluate_all().errors == []
    assert (received(sqs, acme), received(sqs, bravo)) == (["acme-mail.example"], [])
    spoof("bravo.example")
    built.alerts.evaluate_all()
    assert (received(sqs, acme), received(sqs, bravo)) == ([], ["bravo.example"])
    bob = Scope(Principal("bob", (Membership("bravo", Role.VIEWER),)), built.domains.get)
    shown = built.alert_rules.notifications(10, None, bob).items
    assert [n.message.domain for n in shown] == ["bravo.example"]
