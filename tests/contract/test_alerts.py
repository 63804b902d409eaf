"""The alert ports: rules (conflicts, not found, digest opt-in), active states, history and the notification
log (newest first, in pages), and the notifier."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.alerting.inputs import Observation, Window
from chalicelib.alerting.render import Message
from chalicelib.alerting.rules import FailCount, Rule, Spoofing
from chalicelib.alerting.state import step
from chalicelib.errors import RuleConflict, RuleNotFound
from chalicelib.ports.alerts import DigestSubscription, SentNotification
from chalicelib.wiring import Container

D = "example.com"
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
RULE = Rule(D, "r1", "Spoofing", Spoofing(threshold=10))


def _fired(subject: str, at: datetime = NOW):  # type: ignore[no-untyped-def]
    observation = Observation(subject, True, Window.last(7, at.date()), (("spoofing", 11),), "spoofing")
    return step(RULE, [observation], {}, at, 24)


def test_rules(built: Container) -> None:
    rules = built.alert_stores.rules
    rules.create(RULE)
    rules.create(Rule(D, "r0", "Count", FailCount(threshold=1)))
    with pytest.raises(RuleConflict):
        rules.create(RULE)
    with pytest.raises(RuleNotFound):
        rules.replace(Rule(D, "nope", "x", FailCount(threshold=1)))
    rules.replace(Rule(D, "r1", "Renamed", Spoofing(threshold=5), enabled=False))
    assert [r.rule_id for r in rules.list(D)] == ["r0", "r1"] and rules.list("other.example") == []
    assert rules.get(D, "r1") == Rule(D, "r1", "Renamed", Spoofing(threshold=5), enabled=False)
    assert rules.delete(D, "r0") and not rules.delete(D, "r0") and rules.get(D, "r0") is None
    assert rules.digest(D) == DigestSubscription(D)
    rules.set_digest(DigestSubscription(D, True, date(2026, 3, 16)))
    assert rules.digest(D) == DigestSubscription(D, True, date(2026, 3, 16))


def test_states(built: Container) -> None:
    states = built.alert_stores.states
    a, b = _fired("203.0.113.1").put[0], _fired("").put[0]
    states.put(a)
    states.put(b)
    states.put(a)
    assert sorted(s.subject for s in states.active(D)) == ["", "203.0.113.1"]
    assert states.active(D)[0] in (a, b) and states.active("other.example") == []
    states.delete(a)
    assert states.active(D) == [b]


def test_history_newest_first(built: Container) -> None:
    history = built.alert_stores.history
    events = [_fired(f"s{i}", NOW + timedelta(hours=i)).events[0] for i in range(7)]
    for event in events:
        history.append(event)
    seen, token = [], None
    while True:
        page = history.page(D, 3, token)
        seen += list(page.items)
        if (token := page.next_token) is None:
            break
    assert seen == events[::-1]
    assert history.page("other.example", 3).items == ()


def test_notification_log_and_notifier(built: Container) -> None:
    log = built.alert_stores.log
    assert log is not None
    message = Message(D, "alert", "fired", "[Aligned] ALERT", "[Aligned] アラート", "body\nline")
    for i in range(4):
        log.record(SentNotification(NOW + timedelta(minutes=i), message, f"id-{i}", "acme" if i % 2 else None))
    page = log.page(3)
    assert [s.message_id for s in page.items] == ["id-3", "id-2", "id-1"] and page.items[0].message == message
    assert [s.org for s in page.items] == ["acme", None, "acme"]
    assert [s.message_id for s in log.page(3, page.next_token).items] == ["id-0"]


def test_notifier(built: Container) -> None:
    from chalicelib.adapters.memory import MemoryNotifier
    from chalicelib.aws.sns import SnsNotifier

    notifier = built.notifier
    if not isinstance(notifier, MemoryNotifier):
        topic = built.sns_client.create_topic(Name="contract-alerts")["TopicArn"]
        notifier = SnsNotifier(built.sns_client, topic)
    message = Message(D, "alert", "fired", "[Aligned] ALERT", "[Aligned] アラート", "body")
    first, second = notifier.publish(message), notifier.publish(message)
    assert first and second and first != second


def test_forgetting_a_domain_deletes_its_rules_digest_states_and_history(built: Container) -> None:
    stores, other = built.alert_stores, "other.example"
    for domain in (D, other):
        stores.rules.create(Rule(domain, "r1", "Spoofing", Spoofing(threshold=10)))
        stores.rules.set_digest(DigestSubscription(domain, True, date(2026, 3, 16)))
    stores.rules.create(Rule(D, "r2", "Count", FailCount(threshold=1)))
    fired = [_fired(f"203.0.113.{i}", NOW + timedelta(hours=i)) for i in range(30)]  # more than a batch of 25
    for result in fired:
        stores.states.put(result.put[0])
        stores.history.append(result.events[0])
    assert (stores.rules.forget(D), stores.states.forget(D), stores.history.forget(D)) == (3, 30, 30)
    assert stores.rules.list(D) == [] and stores.rules.digest(D) == DigestSubscription(D)
    assert stores.states.active(D) == [] and stores.history.page(D, 10).items == ()
    assert [r.rule_id for r in stores.rules.list(other)] == ["r1"] and stores.rules.digest(other).enabled
    assert (stores.rules.forget(D), stores.states.forget(D), stores.history.forget(D)) == (0, 0, 0)
