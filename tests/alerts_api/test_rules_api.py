"""Rules CRUD and enable/disable through the HTTP routes, errors naming the field, digest opt-in."""
from __future__ import annotations

from tests.alerting.helpers import SPOOF_IP, fact
from tests.alerting.stack import DOMAIN, AlertStack

RULES = f"/api/domains/{DOMAIN}/alerts/rules"
SPOOFING = {"name": "Spoofing", "kind": "spoofing", "threshold": 10}


def test_crud(alert_stack: AlertStack) -> None:
    s = alert_stack
    assert s.get(RULES).json_body == {"items": []}
    created = s.send("post", RULES, SPOOFING)
    assert created.status_code == 201
    rule = created.json_body
    assert rule | {"id": "x"} == {"id": "x", "domain": DOMAIN, "name": "Spoofing", "kind": "spoofing",
                                  "enabled": True, "cooldown_hours": None, "threshold": 10, "days": 7}
    url = f"{RULES}/{rule['id']}"
    assert s.get(url).json_body == rule
    updated = s.send("patch", url, {"threshold": 25, "cooldown_hours": 0})
    assert updated.status_code == 200 and updated.json_body["threshold"] == 25
    assert updated.json_body["cooldown_hours"] == 0 and updated.json_body["days"] == 7
    assert s.send("put", url, {"name": "Renamed"}).json_body["name"] == "Renamed"
    assert s.send("post", url + "/disable").json_body["enabled"] is False
    assert s.send("post", url + "/enable").json_body["enabled"] is True
    assert [r["id"] for r in s.get(RULES).json_body["items"]] == [rule["id"]]
    assert s.send("delete", url).status_code == 204
    assert s.get(url).status_code == 404
    assert s.send("delete", url).status_code == 404


def test_errors_name_the_field(alert_stack: AlertStack) -> None:
    s = alert_stack
    for body, field in (({"name": "x", "kind": "fail_rate"}, "threshold_pct"),
                        ({"name": "x", "kind": "fail_rate", "threshold_pct": 200}, "threshold_pct"),
                        ({"name": "x", "kind": "what"}, "kind"),
                        ({"kind": "spoofing", "threshold": 1}, "name"),
                        ({"name": "x", "kind": "spoofing", "threshold": 1, "colour": "red"}, "colour")):
        answer = s.send("post", RULES, body)
        assert answer.status_code == 400 and answer.json_body["field"] == field, answer.json_body
    rule = s.send("post", RULES, SPOOFING).json_body
    answer = s.send("patch", f"{RULES}/{rule['id']}", {"kind": "fail_count"})
    assert answer.status_code == 400 and answer.json_body["field"] == "kind"
    answer = s.send("post", "/api/domains/unknown.example/alerts/rules", SPOOFING)
    assert answer.status_code == 404 and answer.json_body["field"] == "domain"
    assert s.get(f"/api/domains/{DOMAIN}/alerts/history?limit=0").json_body["field"] == "limit"
    assert s.get("/api/notifications?next=garbage!").status_code == 400


def test_disabling_an_active_rule_closes_it_silently(alert_stack: AlertStack) -> None:
    s = alert_stack
    rule = s.send("post", RULES, SPOOFING).json_body
    s.add_facts([fact(s.clock.ago(1), SPOOF_IP, 50, passing=False)])
    s.invoke()
    assert len(s.published()) == 1
    s.send("post", f"{RULES}/{rule['id']}/disable")
    s.invoke()
    assert s.published() == []
    events = [e["event"] for e in s.get(f"/api/domains/{DOMAIN}/alerts/history").json_body["items"]]
    assert events == ["closed", "fired"]
    assert s.get(f"/api/domains/{DOMAIN}/alerts/active").json_body["items"] == []


def test_reminder_after_the_cooldown(alert_stack: AlertStack) -> None:
    s = alert_stack
    s.send("post", RULES, {**SPOOFING, "cooldown_hours": 6})
    s.add_facts([fact(s.clock.ago(1), SPOOF_IP, 50, passing=False)])
    s.invoke()
    s.clock.advance(hours=5)
    s.invoke()
    assert [m["MessageAttributes"]["event"]["Value"] for m in s.published()] == ["fired"]
    s.clock.advance(hours=1)
    s.invoke()
    [reminder] = s.published()
    assert reminder["Subject"].startswith(f"[Aligned] STILL ACTIVE {DOMAIN}: 50 possible-spoofing")


def test_kinds_lists_every_rule_type(alert_stack: AlertStack) -> None:
    kinds = {k["kind"]: k["fields"] for k in alert_stack.get("/api/alerts/kinds").json_body["items"]}
    assert set(kinds) == {"fail_rate", "fail_count", "spoofing", "new_source", "tag_fail_rate", "silence",
                          "volume_change", "new_selector", "selector_silent", "tls_failure", "dns_changed",
                          "dns_finding", "policy_drift"}
    assert kinds["policy_drift"] == {"days": 7, "min_days": 2}
    assert kinds["dns_finding"] == {"min_severity": "high"}
    assert kinds["fail_rate"] == {"threshold_pct": None, "days": 7, "min_messages": 100}
