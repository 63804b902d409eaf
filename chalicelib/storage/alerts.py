"""Alert storage, one table (ALIGNED_TABLE_ALERTS), items keyed (pk, sk):

    (domain, "rule#<id>")                   a rule, as the codec's JSON
    (domain, "digest")                      the weekly-digest opt-in and the last week sent
    (domain, "state#<rule>#<subject>")      an active alert
    (domain, "event#<time>#<rand>")         alert history (fired, reminder, resolved, closed), newest first by sk
    ("#notifications", "<time>#<rand>")     sent notifications (with the organization sent to), expiring after
                                            the configured days
"""
from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError
from pynamodb.models import Model

from chalicelib.alerting.codec import rule_from_dict, rule_to_dict
from chalicelib.alerting.records import event_from_dict, event_to_dict, state_from_dict, state_to_dict
from chalicelib.alerting.render import Message
from chalicelib.alerting.rules import Rule
from chalicelib.alerting.state import AlertEvent, AlertState
from chalicelib.errors import RuleConflict, RuleNotFound
from chalicelib.ports.alerts import DigestSubscription, SentNotification
from chalicelib.ports.ingest import Page
from chalicelib.ports.rows import fill
from chalicelib.settings import DEFAULTS, TABLE_ALERTS
from chalicelib.storage.binding import bind_model
from chalicelib.storage.paging import decode_token, encode_token

RULE, DIGEST, STATE, EVENT, NOTIFICATIONS = "rule#", "digest", "state#", "event#", "#notifications"
_CONFLICT = "ConditionalCheckFailedException"


class AlertItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ALERTS]
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    data = UnicodeAttribute()  # JSON text: numbers keep their int/float type, unlike a DynamoDB map
    expires = TTLAttribute(null=True)


class _AlertTable:
    """The alerts table, bound to the name the composition root gives."""

    def __init__(self, table_name: str) -> None:
        self._items = bind_model(AlertItem, table_name)

    def _item(self, pk: str, sk: str, data: dict[str, Any], expires: datetime | None = None) -> AlertItem:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return self._items(pk, sk, data=text, expires=expires)

    def _forget(self, domain: str, *prefixes: str) -> int:
        """Deletes the domain's items whose sort key starts with one of `prefixes` (keys only read)."""
        gone = 0
        with self._items.batch_write() as batch:
            for prefix in prefixes:
                for item in self._items.query(domain, self._items.sk.startswith(prefix), consistent_read=True,
                                              attributes_to_get=["pk", "sk"]):
                    batch.delete(item)
                    gone += 1
        return gone


def _data(item: AlertItem) -> Any:
    return json.loads(item.data)


def _stamp(at: datetime) -> str:
    """Sorts by time, then by write order (events of one run share ``at``), unique across writers."""
    return f"{at.isoformat()}#{time.time_ns():020d}#{secrets.token_hex(3)}"


class DynamoAlertRules(_AlertTable):
    def list(self, domain: str) -> list[Rule]:
        return [rule_from_dict(domain, i.sk[len(RULE):], _data(i))
                for i in self._items.query(domain, self._items.sk.startswith(RULE), consistent_read=True)]

    def get(self, domain: str, rule_id: str) -> Rule | None:
        try:
            return rule_from_dict(domain, rule_id, _data(self._items.get(domain, RULE + rule_id, consistent_read=True)))
        except self._items.DoesNotExist:
            return None

    def create(self, rule: Rule) -> None:
        self._save(rule, self._items.sk.does_not_exist(), RuleConflict)

    def replace(self, rule: Rule) -> None:
        self._save(rule, self._items.sk.exists(), RuleNotFound)

    def _save(self, rule: Rule, condition: Any, error: type[RuleConflict | RuleNotFound]) -> None:
        try:
            self._item(rule.domain, RULE + rule.rule_id, rule_to_dict(rule)).save(condition=condition)
        except PutError as exc:
            if exc.cause_response_code == _CONFLICT:
                raise error(rule.rule_id) from None
            raise

    def delete(self, domain: str, rule_id: str) -> bool:
        try:
            self._items(domain, RULE + rule_id).delete(condition=self._items.sk.exists())
        except DeleteError as exc:
            if exc.cause_response_code == _CONFLICT:
                return False
            raise
        return True

    def digest(self, domain: str) -> DigestSubscription:
        try:
            d = _data(self._items.get(domain, DIGEST, consistent_read=True))
        except self._items.DoesNotExist:
            return DigestSubscription(domain)
        week = d.get("last_week")
        return DigestSubscription(domain, bool(d.get("enabled")), date.fromisoformat(week) if week else None)

    def set_digest(self, subscription: DigestSubscription) -> None:
        week = subscription.last_week
        self._item(subscription.domain, DIGEST, {"enabled": subscription.enabled,
                                            "last_week": week.isoformat() if week else None}).save()

    def forget(self, domain: str) -> int:
        return self._forget(domain, RULE, DIGEST)


class DynamoAlertStates(_AlertTable):
    def active(self, domain: str) -> list[AlertState]:
        return [state_from_dict(_data(i))
                for i in self._items.query(domain, self._items.sk.startswith(STATE), consistent_read=True)]

    def put(self, state: AlertState) -> None:
        self._item(state.domain, f"{STATE}{state.rule_id}#{state.subject}", state_to_dict(state)).save()

    def delete(self, state: AlertState) -> None:
        self._items(state.domain, f"{STATE}{state.rule_id}#{state.subject}").delete()

    def forget(self, domain: str) -> int:
        return self._forget(domain, STATE)


class DynamoAlertHistory(_AlertTable):
    def append(self, event: AlertEvent) -> None:
        self._item(event.domain, EVENT + _stamp(event.at), event_to_dict(event)).save()

    def forget(self, domain: str) -> int:
        return self._forget(domain, EVENT)

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[AlertEvent]:
        result = self._items.query(domain, self._items.sk.startswith(EVENT), limit=limit, scan_index_forward=False,
                                   last_evaluated_key=decode_token(token, self._items, domain, sort_prefix=EVENT))
        items = tuple(event_from_dict(_data(i)) for i in result)
        return Page(items, encode_token(result.last_evaluated_key) if len(items) == limit else None)


class DynamoNotificationLog(_AlertTable):
    def __init__(self, table_name: str, keep_days: int) -> None:
        super().__init__(table_name)
        self.keep = timedelta(days=keep_days)

    def record(self, sent: SentNotification) -> None:
        m = sent.message
        self._item(NOTIFICATIONS, _stamp(sent.at), {
            "at": sent.at.isoformat(), "message_id": sent.message_id, "domain": m.domain, "category": m.category,
            "event": m.event, "subject": m.subject, "subject_ja": m.subject_ja, "body": m.body, "org": sent.org,
        }, expires=sent.at + self.keep).save()

    def page(self, limit: int, token: str | None = None) -> Page[SentNotification]:
        return fill(self.rows(token, limit + 1), limit)

    def rows(self, token: str | None, batch: int) -> Iterator[tuple[SentNotification, str | None]]:
        result = self._items.query(NOTIFICATIONS, scan_index_forward=False, page_size=batch,
                                   last_evaluated_key=decode_token(token, self._items, NOTIFICATIONS))
        for item in result:  # pynamodb makes the key of an item within a page (its last_evaluated_key)
            yield _sent(_data(item)), encode_token(result.last_evaluated_key)


def _sent(d: dict[str, Any]) -> SentNotification:
    message = Message(d["domain"], d["category"], d["event"], d["subject"], d["subject_ja"], d["body"])
    return SentNotification(datetime.fromisoformat(d["at"]), message, d["message_id"], d.get("org"))
