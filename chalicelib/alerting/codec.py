"""Rules to and from plain data: the API body and the stored item share this one shape.

    {"name": ..., "kind": "fail_rate", "enabled": true, "cooldown_hours": null, "threshold_pct": 5, "days": 7}

Condition fields sit at the top level next to name/kind. Unknown fields, wrong types and out-of-range values
raise RuleError naming the field; omitted condition fields take their defaults."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from chalicelib.alerting.rules import CONDITIONS, Condition, Direction, Rule, RuleError, RuleKind

RULE_FIELDS = ("name", "kind", "enabled", "cooldown_hours")
READ_ONLY = ("id", "domain")


def condition_fields(kind: RuleKind) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(CONDITIONS[kind]))


def parse_kind(value: object) -> RuleKind:
    if not isinstance(value, str) or value not in tuple(RuleKind):
        raise RuleError("invalid_choice", "kind", allowed=[k.value for k in RuleKind])
    return RuleKind(value)


def parse_condition(kind: RuleKind, body: Mapping[str, Any]) -> Condition:
    cls = CONDITIONS[kind]
    args: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in body and body[f.name] is not None:
            value = body[f.name]
            if f.name == "direction":
                value = _direction(value)
            args[f.name] = value
        elif f.default is dataclasses.MISSING:
            raise RuleError("required", f.name)
    return cls(**args)


def rule_from_dict(domain: str, rule_id: str, body: object) -> Rule:
    """A validated Rule from an API body or a stored item. ``id`` and ``domain`` in the body are ignored."""
    if not isinstance(body, Mapping):
        raise RuleError("invalid_json", "body")
    kind = parse_kind(body.get("kind"))
    allowed = set(RULE_FIELDS) | set(READ_ONLY) | set(condition_fields(kind))
    for key in body:
        if key not in allowed:
            raise RuleError("unknown_rule_field", str(key), kind=kind.value)
    cooldown = body.get("cooldown_hours")
    return Rule(
        domain=domain, rule_id=rule_id, name=body.get("name", ""), condition=parse_condition(kind, body),
        enabled=body.get("enabled", True), cooldown_hours=cooldown,
    )


def merge(rule: Rule, changes: object) -> Rule:
    """``rule`` with the fields of ``changes`` replaced (a partial update); the kind cannot change."""
    if not isinstance(changes, Mapping):
        raise RuleError("invalid_json", "body")
    if "kind" in changes and changes["kind"] != rule.kind.value:
        raise RuleError("kind_immutable", "kind")
    return rule_from_dict(rule.domain, rule.rule_id, {**rule_to_dict(rule), **changes})


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.rule_id, "domain": rule.domain, "name": rule.name, "kind": rule.kind.value,
        "enabled": rule.enabled, "cooldown_hours": rule.cooldown_hours,
    }
    for f in dataclasses.fields(rule.condition):
        value = getattr(rule.condition, f.name)
        out[f.name] = value.value if isinstance(value, Direction) else value
    return out


def _direction(value: object) -> Direction:
    if not isinstance(value, str) or value not in tuple(Direction):
        raise RuleError("invalid_choice", "direction", allowed=[d.value for d in Direction])
    return Direction(value)
