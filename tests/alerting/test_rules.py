"""Rule validation names the field; the codec round-trips; partial updates keep the kind."""
from __future__ import annotations

import pytest

from chalicelib.alerting.codec import merge, rule_from_dict, rule_to_dict
from chalicelib.alerting.rules import CONDITIONS, Direction, FailRate, RuleError, RuleKind, Silence, VolumeChange


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "nope", "name": "x"}, "kind"),
    ({"name": "x"}, "kind"),
    ({"kind": "fail_rate", "name": "x"}, "threshold_pct"),
    ({"kind": "fail_rate", "name": "x", "threshold_pct": 120}, "threshold_pct"),
    ({"kind": "fail_rate", "name": "x", "threshold_pct": "5"}, "threshold_pct"),
    ({"kind": "fail_rate", "name": "x", "threshold_pct": 5, "days": 0}, "days"),
    ({"kind": "fail_rate", "name": "x", "threshold_pct": 5, "days": True}, "days"),
    ({"kind": "fail_count", "name": "", "threshold": 3}, "name"),
    ({"kind": "fail_count", "name": "a\nb", "threshold": 3}, "name"),
    ({"kind": "fail_count", "name": "x", "threshold": -1}, "threshold"),
    ({"kind": "fail_count", "name": "x", "threshold": 3, "tag": "t"}, "tag"),
    ({"kind": "tag_fail_rate", "name": "x", "threshold_pct": 5}, "tag"),
    ({"kind": "tag_fail_rate", "name": "x", "threshold_pct": 5, "tag": " a"}, "tag"),
    ({"kind": "silence", "name": "x", "days": 5, "history_days": 5}, "history_days"),
    ({"kind": "silence", "name": "x", "reporters": "yes"}, "reporters"),
    ({"kind": "volume_change", "name": "x", "change_pct": 50, "direction": "sideways"}, "direction"),
    ({"kind": "volume_change", "name": "x", "change_pct": 0}, "change_pct"),
    ({"kind": "spoofing", "name": "x", "threshold": 1, "cooldown_hours": -2}, "cooldown_hours"),
    ({"kind": "spoofing", "name": "x", "threshold": 1, "enabled": "no"}, "enabled"),
])
def test_invalid_bodies_name_the_field(body: dict, field: str) -> None:
    with pytest.raises(RuleError) as err:
        rule_from_dict("example.com", "r1", body)
    assert err.value.field == field
    assert str(err.value).startswith(field + ":")


def test_body_must_be_an_object() -> None:
    with pytest.raises(RuleError, match="body"):
        rule_from_dict("example.com", "r1", [1, 2])


def test_defaults_and_round_trip() -> None:
    rule = rule_from_dict("example.com", "r1", {"kind": "volume_change", "name": "Volume", "change_pct": 40})
    assert rule.condition == VolumeChange(change_pct=40, days=7, baseline_days=28, direction=Direction.BOTH)
    assert rule.enabled and rule.cooldown_hours is None
    data = rule_to_dict(rule)
    assert data["direction"] == "both" and data["kind"] == "volume_change" and data["id"] == "r1"
    assert rule_from_dict("example.com", "r1", data) == rule


def test_merge_is_partial_and_keeps_kind() -> None:
    rule = rule_from_dict("example.com", "r1", {"kind": "fail_rate", "name": "Rate", "threshold_pct": 5})
    changed = merge(rule, {"threshold_pct": 8.5, "enabled": False})
    assert changed.condition == FailRate(8.5, 7, 100) and not changed.enabled and changed.name == "Rate"
    with pytest.raises(RuleError, match="kind"):
        merge(rule, {"kind": "silence"})


def test_every_kind_has_a_condition_class() -> None:
    assert set(CONDITIONS) == set(RuleKind)
    assert Silence().days == 2
