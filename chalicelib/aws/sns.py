"""The SNS notifier: publishes an alert or digest message to the alerts topic. The subject is made safe for
SNS (one line, printable ASCII, under 100 characters; the full bilingual subjects open the body). Message
attributes (org, domain, category, event) let subscriptions filter: each organization's recipients subscribe
with the filter policy {"org": ["<org id>"]}, so one customer's alerts never reach another (docs/DEPLOY.md);
a domain no organization owns carries no `org`, so only unfiltered (operator) subscriptions get it."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.alerting.render import Message

MAX_SUBJECT = 99


class PublishError(Exception):
    """SNS refused or failed to take the message."""


def sns_subject(text: str) -> str:
    flat = " ".join(text.split())
    ascii_only = "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in flat)
    return ascii_only if len(ascii_only) <= MAX_SUBJECT else ascii_only[: MAX_SUBJECT - 3] + "..."


class SnsNotifier:
    def __init__(self, client: Any, topic_arn: str, owner: Callable[[str], str | None] = lambda domain: None) -> None:
        """`owner(domain)`: the organization the domain belongs to, None when none does."""
        self.client = client
        self.topic_arn = topic_arn
        self.owner = owner

    def publish(self, message: Message) -> str:
        org = self.owner(message.domain)
        values = (("org", org), ("domain", message.domain), ("category", message.category), ("event", message.event))
        attributes = {name: {"DataType": "String", "StringValue": value} for name, value in values if value}
        try:
            answer = self.client.publish(TopicArn=self.topic_arn, Subject=sns_subject(message.subject),
                                         Message=message.body, MessageAttributes=attributes)
        except ClientError as exc:
            raise PublishError(f"SNS publish to {self.topic_arn} failed: {exc}") from exc
        return str(answer.get("MessageId", ""))


class NoTopic:
    """Used when no topic is configured: nothing is published (the notification log still records)."""

    def publish(self, message: Message) -> str:
        return ""
