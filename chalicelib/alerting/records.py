"""Alert states and events to and from plain JSON data (stored items and API answers share the shape)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from chalicelib.alerting.inputs import Value, Window
from chalicelib.alerting.rules import RuleKind
from chalicelib.alerting.state import AlertEvent, AlertState, EventKind


def _window(w: Window) -> dict[str, str]:
    return {"from": w.start.isoformat(), "to": w.end.isoformat()}


def _window_of(d: dict[str, str]) -> Window:
    return Window(date.fromisoformat(d["from"]), date.fromisoformat(d["to"]))


def _values(values: tuple[tuple[str, Value], ...]) -> dict[str, Value]:
    return dict(values)


def _values_of(d: dict[str, Any]) -> tuple[tuple[str, Value], ...]:
    """Values as read back from JSON text (int, float and str survive as such)."""
    return tuple((str(k), v) for k, v in d.items())


def state_to_dict(s: AlertState) -> dict[str, Any]:
    return {"domain": s.domain, "rule_id": s.rule_id, "rule_name": s.rule_name, "rule_kind": s.rule_kind.value,
            "subject": s.subject, "since": s.since.isoformat(), "notified_at": s.notified_at.isoformat(),
            "window": _window(s.window), "values": _values(s.values), "view": s.view,
            "notified_values": _values(s.notified_values or s.values)}


def state_from_dict(d: dict[str, Any]) -> AlertState:
    return AlertState(d["domain"], d["rule_id"], d["rule_name"], RuleKind(d["rule_kind"]), d["subject"],
                      datetime.fromisoformat(d["since"]), datetime.fromisoformat(d["notified_at"]),
                      _window_of(d["window"]), _values_of(d["values"]), d["view"],
                      _values_of(d.get("notified_values", d["values"])))


def event_to_dict(e: AlertEvent) -> dict[str, Any]:
    return {"domain": e.domain, "rule_id": e.rule_id, "rule_name": e.rule_name, "rule_kind": e.rule_kind.value,
            "event": e.kind.value, "subject": e.subject, "at": e.at.isoformat(), "since": e.since.isoformat(),
            "window": _window(e.window), "values": _values(e.values), "view": e.view, "notified": e.notify}


def event_from_dict(d: dict[str, Any]) -> AlertEvent:
    return AlertEvent(d["domain"], d["rule_id"], d["rule_name"], RuleKind(d["rule_kind"]), EventKind(d["event"]),
                      d["subject"], datetime.fromisoformat(d["at"]), datetime.fromisoformat(d["since"]),
                      _window_of(d["window"]), _values_of(d["values"]), d["view"])
