"""Alert storage, one table (ALIGNED_TABLE_ALERTS), items keyed (pk, sk):

    (domain, "rule#<id>")                   a rule, as the codec's JSON
    (domain, "digest")                      the weekly-digest opt-in and the last week sent
    (domain, "state#<rule>#<subject>")      an active alert
    (domain, "event#<time>#<rand>")         alert history (fired, reminder, resolved, closed), newest first by sk
    ("#notifications", "<time>#<rand>")     sent notifications, expiring after the configured days
"""
from __future__ import annotations

import json
import secrets
import time
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
from chalicelib.services.alert_ports import DigestSubscription, SentNotification
from chalicelib.services.ports import Page
from chalicelib.settings import ALERT_DEFAULTS, TABLE_ALERTS, AlertSettings, alert_settings
from chalicelib.storage.paging import decode_token, encode_token

RULE, DIGEST, STATE, EVENT, NOTIFICATIONS = "rule#", "digest", "state#", "event#", "#notifications"
_CONFLICT = "ConditionalCheckFailedException"


class AlertItem(Model):
    class Meta:
        table_name = ALERT_DEFAULTS[TABLE_ALERTS]
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    data = UnicodeAttribute()  # JSON text: numbers keep their int/float type, unlike a DynamoDB map
    expires = TTLAttribute(null=True)


def bind(config: AlertSettings | None = None) -> None:
    AlertItem.Meta.table_name = (config or alert_settings()).alerts_table


def create_table(config: AlertSettings | None = None) -> bool:
    """Creates the alerts table when missing (local stack, tests). True when created."""
    bind(config)
    if AlertItem.exists():
        return False
    AlertItem.create_table(wait=True, billing_mode="PAY_PER_REQUEST", ignore_update_ttl_errors=True)
    return True


def _item(pk: str, sk: str, data: dict[str, Any], expires: datetime | None = None) -> AlertItem:
    return AlertItem(pk, sk, data=json.dumps(data, ensure_ascii=False, separators=(",", ":")), expires=expires)


def _data(item: AlertItem) -> Any:
    return json.loads(item.data)


def _stamp(at: datetime) -> str:
    """Sorts by time, then by write order (events of one run share ``at``), unique across writers."""
    return f"{at.isoformat()}#{time.time_ns():020d}#{secrets.token_hex(3)}"


class DynamoAlertRules:
    def __init__(self) -> None:
        bind()

    def list(self, domain: str) -> list[Rule]:
        return [rule_from_dict(domain, i.sk[len(RULE):], _data(i))
                for i in AlertItem.query(domain, AlertItem.sk.startswith(RULE), consistent_read=True)]

    def get(self, domain: str, rule_id: str) -> Rule | None:
        try:
            return rule_from_dict(domain, rule_id, _data(AlertItem.get(domain, RULE + rule_id, consistent_read=True)))
        except AlertItem.DoesNotExist:
            return None

    def create(self, rule: Rule) -> None:
        self._save(rule, AlertItem.sk.does_not_exist(), RuleConflict)

    def replace(self, rule: Rule) -> None:
        self._save(rule, AlertItem.sk.exists(), RuleNotFound)

    def _save(self, rule: Rule, condition: Any, error: type[RuleConflict | RuleNotFound]) -> None:
        try:
            _item(rule.domain, RULE + rule.rule_id, rule_to_dict(rule)).save(condition=condition)
        except PutError as exc:
            if exc.cause_response_code == _CONFLICT:
                raise error(rule.rule_id) from None
            raise

    def delete(self, domain: str, rule_id: str) -> bool:
        try:
            AlertItem(domain, RULE + rule_id).delete(condition=AlertItem.sk.exists())
        except DeleteError as exc:
            if exc.cause_response_code == _CONFLICT:
                return False
            raise
        return True

    def digest(self, domain: str) -> DigestSubscription:
        try:
            d = _data(AlertItem.get(domain, DIGEST, consistent_read=True))
        except AlertItem.DoesNotExist:
            return DigestSubscription(domain)
        week = d.get("last_week")
        return DigestSubscription(domain, bool(d.get("enabled")), date.fromisoformat(week) if week else None)

    def set_digest(self, subscription: DigestSubscription) -> None:
        week = subscription.last_week
        _item(subscription.domain, DIGEST, {"enabled": subscription.enabled,
                                            "last_week": week.isoformat() if week else None}).save()


class DynamoAlertStates:
    def __init__(self) -> None:
        bind()

    def active(self, domain: str) -> list[AlertState]:
        return [state_from_dict(_data(i))
                for i in AlertItem.query(domain, AlertItem.sk.startswith(STATE), consistent_read=True)]

    def put(self, state: AlertState) -> None:
        _item(state.domain, f"{STATE}{state.rule_id}#{state.subject}", state_to_dict(state)).save()

    def delete(self, state: AlertState) -> None:
        AlertItem(state.domain, f"{STATE}{state.rule_id}#{state.subject}").delete()


class DynamoAlertHistory:
    def __init__(self) -> None:
        bind()

    def append(self, event: AlertEvent) -> None:
        _item(event.domain, EVENT + _stamp(event.at), event_to_dict(event)).save()

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[AlertEvent]:
        result = AlertItem.query(domain, AlertItem.sk.startswith(EVENT), limit=limit, scan_index_forward=False,
                                 last_evaluated_key=decode_token(token, AlertItem, domain, sort_prefix=EVENT))
        items = tuple(event_from_dict(_data(i)) for i in result)
        return Page(items, encode_token(result.last_evaluated_key) if len(items) == limit else None)


class DynamoNotificationLog:
    def __init__(self, keep_days: int) -> None:
        bind()
        self.keep = timedelta(days=keep_days)

    def record(self, sent: SentNotification) -> None:
        m = sent.message
        _item(NOTIFICATIONS, _stamp(sent.at), {
            "at": sent.at.isoformat(), "message_id": sent.message_id, "domain": m.domain, "category": m.category,
            "event": m.event, "subject": m.subject, "subject_ja": m.subject_ja, "body": m.body,
        }, expires=sent.at + self.keep).save()

    def page(self, limit: int, token: str | None = None) -> Page[SentNotification]:
        result = AlertItem.query(NOTIFICATIONS, limit=limit, scan_index_forward=False,
                                 last_evaluated_key=decode_token(token, AlertItem, NOTIFICATIONS))
        items = tuple(_sent(_data(i)) for i in result)
        return Page(items, encode_token(result.last_evaluated_key) if len(items) == limit else None)


def _sent(d: dict[str, Any]) -> SentNotification:
    message = Message(d["domain"], d["category"], d["event"], d["subject"], d["subject_ja"], d["body"])
    return SentNotification(datetime.fromisoformat(d["at"]), message, d["message_id"])
