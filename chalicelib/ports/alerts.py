"""The ports of the alert use cases, and the value objects that cross them. Adapters: chalicelib.storage.alerts
(DynamoDB) and chalicelib.aws.sns (SNS); in-memory fakes in chalicelib.adapters.memory."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.alerting.render import Message
from chalicelib.alerting.rules import Rule
from chalicelib.alerting.state import AlertEvent, AlertState
from chalicelib.analysis.common import TagSource
from chalicelib.ports.ingest import Page


@dataclass(frozen=True, slots=True)
class DigestSubscription:
    domain: str
    enabled: bool = False
    last_week: date | None = None  # Monday of the last week sent


@dataclass(frozen=True, slots=True)
class SentNotification:
    at: datetime
    message: Message
    message_id: str  # the SNS message id; "" when no topic is configured
    org: str | None = None  # the organization it was sent to (the domain's then); None: the operator's only


class AlertRules(Protocol):
    def list(self, domain: str) -> list[Rule]: ...

    def get(self, domain: str, rule_id: str) -> Rule | None: ...

    def create(self, rule: Rule) -> None:
        """Raises RuleConflict when the id is taken."""
        ...

    def replace(self, rule: Rule) -> None:
        """Raises RuleNotFound when the rule does not exist."""
        ...

    def delete(self, domain: str, rule_id: str) -> bool: ...

    def digest(self, domain: str) -> DigestSubscription: ...

    def set_digest(self, subscription: DigestSubscription) -> None: ...

    def forget(self, domain: str) -> int:
        """Deletes every rule and the digest opt-in of the domain; returns how many items went."""
        ...


class AlertStates(Protocol):
    def active(self, domain: str) -> list[AlertState]: ...

    def put(self, state: AlertState) -> None: ...

    def delete(self, state: AlertState) -> None: ...

    def forget(self, domain: str) -> int:
        """Deletes every active alert of the domain, silently (no history); returns how many."""
        ...


class AlertHistory(Protocol):
    def append(self, event: AlertEvent) -> None: ...

    def forget(self, domain: str) -> int:
        """Deletes the domain's whole alert history; returns how many events."""
        ...

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[AlertEvent]:
        """Newest first."""
        ...


class Notifier(Protocol):
    def publish(self, message: Message) -> str:
        """Sends the message; returns its id ("" when it went nowhere). Raises on failure."""
        ...


class NotificationLog(Protocol):
    def record(self, sent: SentNotification) -> None: ...

    def page(self, limit: int, token: str | None = None) -> Page[SentNotification]:
        """Newest first."""
        ...

    def rows(self, token: str | None, batch: int) -> Iterator[tuple[SentNotification, str | None]]:
        """Newest first, one by one from `token`, each with the token that resumes after it
        (chalicelib.ports.rows), `batch` rows per store read."""
        ...


class TagSources(Protocol):
    def for_domain(self, domain: str) -> TagSource:
        """The registry matcher of the domain (an empty one when it has no entries)."""
        ...

    def names(self, domain: str) -> frozenset[str]:
        """The tags the domain's registry uses."""
        ...

