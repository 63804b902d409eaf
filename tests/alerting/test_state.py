"""The state machine: fire once, no duplicate while active, reminder after the cooldown, resolve, close."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.alerting.inputs import Observation, Window
from chalicelib.alerting.rules import Rule, Spoofing
from chalicelib.alerting.state import EventKind, close, step
from tests.alerting.helpers import DOMAIN, NOW, TODAY

RULE = Rule(DOMAIN, "r1", "Spoofing", Spoofing(threshold=10))
W = Window.last(7, TODAY)


def obs(firing: bool, n: int = 0, subject: str = "") -> Observation:
    return Observation(subject, firing, W, (("spoofing", n), ("threshold", 10)), "spoofing")


def run(active, observation, at, rule=RULE, cooldown=24):  # type: ignore[no-untyped-def]
    s = step(rule, [observation] if observation else [], {a.subject: a for a in active}, at, cooldown)
    kept = {a.subject: a for a in active}
    for d in s.delete:
        kept.pop(d.subject)
    kept.update({p.subject: p for p in s.put})
    return list(kept.values()), [e.kind for e in s.events], s


def test_fire_stay_quiet_resolve() -> None:
    active, events, _ = run([], obs(False), NOW)
    assert (active, events) == ([], [])
    active, events, s = run(active, obs(True, 11), NOW)
    assert events == [EventKind.FIRED] and active[0].since == NOW and s.events[0].value("spoofing") == 11
    active, events, _ = run(active, obs(True, 15), NOW + timedelta(hours=1))
    assert events == [] and active[0].values == (("spoofing", 15), ("threshold", 10)) and active[0].notified_at == NOW
    active, events, s = run(active, obs(False, 3), NOW + timedelta(hours=2))
    assert events == [EventKind.RESOLVED] and active == []
    assert s.events[0].since == NOW and s.events[0].value("spoofing") == 3


def test_reminder_after_cooldown_only() -> None:
    active, _, _ = run([], obs(True, 11), NOW)
    active, events, _ = run(active, obs(True, 11), NOW + timedelta(hours=23, minutes=59))
    assert events == []
    active, events, _ = run(active, obs(True, 11), NOW + timedelta(hours=24))
    assert events == [EventKind.REMINDER] and active[0].notified_at == NOW + timedelta(hours=24)
    _, events, _ = run(active, obs(True, 11), NOW + timedelta(hours=30))
    assert events == []


def test_cooldown_zero_never_reminds_and_rule_override_wins() -> None:
    active, _, _ = run([], obs(True, 11), NOW, cooldown=0)
    assert run(active, obs(True, 11), NOW + timedelta(days=30), cooldown=0)[1] == []
    rule = Rule(DOMAIN, "r1", "Spoofing", Spoofing(threshold=10), cooldown_hours=1)
    assert run(active, obs(True, 11), NOW + timedelta(hours=1), rule=rule, cooldown=0)[1] == [EventKind.REMINDER]


def test_unchanged_active_state_is_not_rewritten() -> None:
    active, _, _ = run([], obs(True, 11), NOW)
    assert run(active, obs(True, 11), NOW + timedelta(hours=1))[2].put == []


def test_subject_no_longer_observed_stays_active() -> None:
    active, _, _ = run([], obs(True, 3, "reporter:yahoo.com"), NOW)
    kept, events, _ = run(active, None, NOW + timedelta(hours=1))
    assert events == [] and kept == active


def test_undetermined_neither_fires_nor_resolves() -> None:
    unknown = Observation("", None, W, (("spoofing", 0),), "spoofing")
    assert run([], unknown, NOW)[:2] == ([], [])
    active, _, _ = run([], obs(True, 11), NOW)
    assert run(active, unknown, NOW + timedelta(hours=1))[:2] == (active, [])


def test_material_change_is_announced_once_and_restarts_the_cooldown() -> None:
    active, _, _ = run([], obs(True, 11), NOW)
    active, events, _ = run(active, obs(True, 19), NOW + timedelta(hours=1))
    assert events == []  # below twice the threshold: not material
    active, events, s = run(active, obs(True, 20), NOW + timedelta(hours=2))
    assert events == [EventKind.CHANGED] and s.events[0].value("spoofing") == 20
    assert active[0].notified_at == NOW + timedelta(hours=2) and active[0].since == NOW
    active, events, _ = run(active, obs(True, 39), NOW + timedelta(hours=3))
    assert events == []
    _, events, _ = run(active, obs(True, 39), NOW + timedelta(hours=26))
    assert events == [EventKind.REMINDER]


def test_new_subjects_are_material() -> None:
    from chalicelib.alerting.change import material
    from chalicelib.alerting.rules import RuleKind

    one = {"new_sources": 1, "top_sources": "203.0.113.1 (50)"}
    assert material(RuleKind.NEW_SOURCE, one, {"new_sources": 2, "top_sources": "203.0.113.1 (50), 203.0.113.2 (50)"})
    assert material(RuleKind.NEW_SOURCE, one, {"new_sources": 1, "top_sources": "203.0.113.9 (60)"})
    assert not material(RuleKind.NEW_SOURCE, one, {"new_sources": 1, "top_sources": "203.0.113.1 (70)"})
    assert not material(RuleKind.SILENCE, {"silent_days": 2}, {"silent_days": 40})


def test_close_is_history_only() -> None:
    active, _, _ = run([], obs(True, 11), NOW)
    s = close(active, NOW)
    assert [e.kind for e in s.events] == [EventKind.CLOSED] and not s.events[0].notify and s.delete == active
