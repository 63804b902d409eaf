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


def test_the_schedule_publishes_through_the_owner_lookup() -> None:
    from chalicelib import wiring
    from chalicelib.adapters.memory import memory_adapters
    from chalicelib.settings import Settings, Topic

    config = Settings.from_env({}, topic=Topic("arn:aws:sns:us-east-1:123456789012:alerts"))
    built = wiring.bootstrap(config, **{k: v for k, v in memory_adapters().items() if k != "notifier"},
                             sns_client=object())
    built.domains.add("acme-mail.example", "acme")
    notifier = built.notifier
    assert isinstance(notifier, SnsNotifier)
    assert notifier.owner("acme-mail.example") == "acme" and notifier.owner("nobody.example") is None
