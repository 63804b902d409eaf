"""The SNS notifier: publishes an alert or digest message to the alerts topic. The subject is made safe for
SNS (one line, printable ASCII, under 100 characters; the full bilingual subjects open the body). Message
attributes (domain, category, event) let subscriptions filter, e.g. digests to one address only."""
from __future__ import annotations

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
    def __init__(self, client: Any, topic_arn: str) -> None:
        self.client = client
        self.topic_arn = topic_arn

    def publish(self, message: Message) -> str:
        attributes = {name: {"DataType": "String", "StringValue": value} for name, value in
                      (("domain", message.domain), ("category", message.category), ("event", message.event))}
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
