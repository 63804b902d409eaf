"""Every rule type end to end: rule created through the API, data written to the real storage adapters on moto,
the `evaluate_alerts` schedule invoked through chalice.test.Client with a generated CloudWatch event, and the
SNS messages read back through an SQS subscription. Per type: quiet below the threshold, fires once when the
data crosses it, no duplicate while active, a "resolved" message when it clears, both kept as history."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.alerting.helpers import OWN_IP, SPOOF_IP, fact
from tests.alerting.stack import DOMAIN, UI, AlertStack

SPOOF_2 = "203.0.113.99"
Step = Callable[[AlertStack], None]


@dataclass(frozen=True)
class Scenario:
    body: dict[str, Any]
    below: Step
    cross: Step
    clear: Step
    headline: str  # in the English subject of the firing


def _facts(s: AlertStack, *rows: tuple[int, str, int, bool]) -> None:
    s.add_facts(fact(s.clock.ago(d), ip, n, passing) for d, ip, n, passing in rows)


def _reports(s: AlertStack, orgs: tuple[str, ...], days: range, advance: int = 0) -> None:
    s.clock.advance(days=advance)
    for org in orgs:
        s.add_reports(org, [s.clock.ago(d) for d in days])


def _later_days(s: AlertStack, days: int, daily: int) -> None:
    s.clock.advance(days=days)
    _facts(s, *((d, OWN_IP, daily, True) for d in range(1, days + 1)))


SCENARIOS = {
    "fail_rate": Scenario(
        {"kind": "fail_rate", "threshold_pct": 10, "days": 7, "min_messages": 100},
        below=lambda s: _facts(s, (1, OWN_IP, 90, True), (2, SPOOF_IP, 10, False)),
        cross=lambda s: _facts(s, (3, SPOOF_IP, 5, False)),
        clear=lambda s: s.clock.advance(days=8),
        headline="DMARC fail rate 14.29% (threshold 10%)"),
    "fail_count": Scenario(
        {"kind": "fail_count", "threshold": 10, "days": 3},
        below=lambda s: _facts(s, (1, SPOOF_IP, 10, False), (4, SPOOF_IP, 50, False)),
        cross=lambda s: _facts(s, (2, OWN_IP, 1, False)),
        clear=lambda s: s.clock.advance(days=3),
        headline="11 DMARC-failing messages (threshold 10)"),
    "spoofing": Scenario(
        {"kind": "spoofing", "threshold": 10, "days": 7},
        below=lambda s: _facts(s, (1, SPOOF_IP, 10, False), (1, OWN_IP, 100, False)),
        cross=lambda s: _facts(s, (2, SPOOF_2, 1, False)),
        clear=lambda s: s.register("203.0.113.0/24", "partner"),
        headline="11 possible-spoofing messages (threshold 10)"),
    "new_source": Scenario(
        {"kind": "new_source", "threshold": 20, "days": 7, "lookback_days": 30},
        below=lambda s: _facts(s, (1, SPOOF_IP, 20, True), (20, SPOOF_2, 1, True), (1, SPOOF_2, 100, True)),
        cross=lambda s: _facts(s, (2, SPOOF_IP, 1, False)),
        clear=lambda s: s.register(f"{SPOOF_IP}/32", "crm"),
        headline="1 new unregistered source(s) sent more than 20 messages"),
    "tag_fail_rate": Scenario(
        {"kind": "tag_fail_rate", "tag": "newsletter", "threshold_pct": 5, "days": 7, "min_messages": 20},
        below=lambda s: _facts(s, (1, OWN_IP, 95, True), (2, OWN_IP, 5, False), (2, SPOOF_IP, 90, False)),
        cross=lambda s: _facts(s, (3, OWN_IP, 2, False)),
        clear=lambda s: s.clock.advance(days=8),
        headline="tag newsletter: DMARC fail rate 6.86% (threshold 5%)"),
    "volume_change": Scenario(
        {"kind": "volume_change", "change_pct": 50, "days": 7, "baseline_days": 28, "direction": "up"},
        below=lambda s: _facts(s, *((d, OWN_IP, 100, True) for d in range(1, 36))),
        cross=lambda s: _facts(s, *((d, OWN_IP, 60, True) for d in range(1, 8))),
        clear=lambda s: _later_days(s, 7, 100),  # days without reports would leave it undetermined
        headline="daily volume +60.0% against the baseline (threshold +/-50%)"),
    "silence": Scenario(
        {"kind": "silence", "days": 2, "reporters": True, "history_days": 30, "min_reports": 3},
        below=lambda s: _reports(s, ("google.com", "yahoo.com"), range(1, 11)),
        cross=lambda s: _reports(s, ("google.com",), range(1, 3), advance=2),
        clear=lambda s: s.add_reports("yahoo.com", [s.clock.ago(1), s.clock.ago(2)]),
        headline="reporter yahoo.com silent for 2 days"),
}


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_rule_type_end_to_end(alert_stack: AlertStack, kind: str) -> None:
    s, scenario = alert_stack, SCENARIOS[kind]
    created = s.send("post", f"/api/domains/{DOMAIN}/alerts/rules", {"name": f"{kind} rule", **scenario.body})
    assert created.status_code == 201, created.body
    rule_id = created.json_body["id"]

    scenario.below(s)
    result = s.invoke()
    assert result["rules"] == 1 and result["errors"] == []
    assert s.published() == [], "quiet below the threshold"

    scenario.cross(s)
    s.invoke()
    [fired] = s.published()
    assert fired["Subject"].startswith(f"[Aligned] ALERT {DOMAIN}: {scenario.headline}"), fired["Subject"]
    assert fired["MessageAttributes"]["event"]["Value"] == "fired"
    body = fired["Message"]
    assert body.startswith(f"【Aligned】警告 {DOMAIN}: ") and f"Rule: {kind} rule / " in body
    assert f"{UI}?domain={DOMAIN}&from=" in body and "&lang=ja&view=" in body and "&lang=en&view=" in body

    s.invoke()
    s.clock.advance(hours=1)
    s.invoke()
    assert s.published() == [], "no duplicate while active"
    active = s.get(f"/api/domains/{DOMAIN}/alerts/active").json_body["items"]
    assert [a["rule_id"] for a in active] == [rule_id]

    scenario.clear(s)
    s.invoke()
    [resolved] = s.published()
    assert resolved["Subject"].startswith(f"[Aligned] RESOLVED {DOMAIN}: "), resolved["Subject"]
    assert "The condition no longer holds." in resolved["Message"]
    s.invoke()
    assert s.published() == []

    history = s.get(f"/api/domains/{DOMAIN}/alerts/history").json_body
    assert [(e["event"], e["rule_id"]) for e in history["items"]] == [("resolved", rule_id), ("fired", rule_id)]
    assert s.get(f"/api/domains/{DOMAIN}/alerts/active").json_body["items"] == []
    sent = s.get("/api/notifications").json_body["items"]
    assert [n["subject"] for n in sent] == [resolved["Subject"], fired["Subject"]]
