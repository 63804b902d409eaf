"""The alert state machine, per (rule, subject):

    (none) --condition true--> ACTIVE       event "fired", notified
    ACTIVE --still true------> ACTIVE       nothing sent; after the cooldown, one "reminder" and the cooldown restarts
    ACTIVE --materially changed--> ACTIVE   event "changed", notified at once (change.material); cooldown restarts
    ACTIVE --clear-----------> (none)       event "resolved", notified
    ACTIVE --cannot tell / not observed--> ACTIVE  nothing: only a condition evaluated false resolves a subject
    ACTIVE --rule disabled/deleted/changed, domain removed--> (none)  event "closed", history only

A state exists only while active; history keeps every event. ``cooldown_hours`` 0 means never remind; the
cooldown applies to unchanged reminders only."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from chalicelib.alerting.change import material
from chalicelib.alerting.inputs import Observation, Value, Window
from chalicelib.alerting.rules import Rule, RuleKind


class EventKind(StrEnum):
    FIRED = "fired"
    REMINDER = "reminder"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class AlertState:
    domain: str
    rule_id: str
    rule_name: str
    rule_kind: RuleKind
    subject: str
    since: datetime  # when it fired
    notified_at: datetime  # last firing or reminder sent
    window: Window
    values: tuple[tuple[str, Value], ...]
    view: str
    notified_values: tuple[tuple[str, Value], ...] = ()  # the figures of the last message; (): ``values``


@dataclass(frozen=True, slots=True)
class AlertEvent:
    domain: str
    rule_id: str
    rule_name: str
    rule_kind: RuleKind
    kind: EventKind
    subject: str
    at: datetime
    since: datetime  # when the alert fired
    window: Window
    values: tuple[tuple[str, Value], ...]
    view: str

    @property
    def notify(self) -> bool:
        return self.kind is not EventKind.CLOSED

    def value(self, key: str) -> Value | None:
        return dict(self.values).get(key)


@dataclass(slots=True)
class Step:
    put: list[AlertState] = field(default_factory=list)
    delete: list[AlertState] = field(default_factory=list)
    events: list[AlertEvent] = field(default_factory=list)


def step(rule: Rule, observations: Iterable[Observation], active: Mapping[str, AlertState], now: datetime,
         default_cooldown_hours: int) -> Step:
    hours = default_cooldown_hours if rule.cooldown_hours is None else rule.cooldown_hours
    out = Step()
    for obs in observations:
        state = active.get(obs.subject)
        if obs.firing is None:
            continue  # the inputs cannot tell: an active alert stays as it is
        if obs.firing and state is None:
            new = AlertState(rule.domain, rule.rule_id, rule.name, rule.kind, obs.subject, now, now, obs.window,
                             obs.values, obs.view, obs.values)
            out.put.append(new)
            out.events.append(_event(new, EventKind.FIRED, now))
        elif obs.firing and state is not None:
            changed = material(rule.kind, dict(state.notified_values or state.values), dict(obs.values))
            remind = not changed and hours > 0 and now - state.notified_at >= timedelta(hours=hours)
            notify = changed or remind
            new = replace(state, rule_name=rule.name, window=obs.window, values=obs.values, view=obs.view,
                          notified_at=now if notify else state.notified_at,
                          notified_values=obs.values if notify else state.notified_values or state.values)
            if new != state:
                out.put.append(new)
            if notify:
                out.events.append(_event(new, EventKind.CHANGED if changed else EventKind.REMINDER, now))
        elif state is not None:
            out.delete.append(state)
            out.events.append(_event(replace(state, window=obs.window, values=obs.values),
                                     EventKind.RESOLVED, now))
    return out


def close(states: Iterable[AlertState], now: datetime) -> Step:
    """Ends, silently, the active alerts of a rule that was disabled, deleted or changed, or of a removed domain."""
    out = Step()
    for state in states:
        out.delete.append(state)
        out.events.append(_event(state, EventKind.CLOSED, now))
    return out


def _event(state: AlertState, kind: EventKind, now: datetime) -> AlertEvent:
    return AlertEvent(state.domain, state.rule_id, state.rule_name, state.rule_kind, kind, state.subject, now,
                      state.since, state.window, state.values, state.view)
