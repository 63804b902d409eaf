"""The demo rules fire on the demo data set at the first evaluation (what `make run` shows within minutes)."""
from __future__ import annotations

from datetime import timedelta

from local.demo.alert_rules import DEMO_RULE_ID, demo_rule_bodies, demo_rules
from tests.alerting.stack import DOMAIN, AlertStack


def test_demo_rules_fire_on_the_demo_data(alert_stack: AlertStack) -> None:
    from chalicelib import wiring
    from chalicelib.registry import make_entry
    from local.demo import DEMO_DOMAIN, demo_messages, demo_registry

    s = alert_stack
    today = s.clock.today
    wiring.container().domains.add(DEMO_DOMAIN)
    for entry in demo_registry():
        s.container.registry.put(DEMO_DOMAIN, make_entry(entry["cidr"], entry["tag"], entry["comment"]))
    ingest = wiring.ingest_service()
    for name, raw in demo_messages(today, after=today - timedelta(days=9)):
        ingest.ingest_bytes(raw, f"incoming/{name}")
    rules = wiring.container().alert_stores.rules
    for rule in demo_rules(DEMO_DOMAIN):
        rules.create(rule)

    s.invoke()
    subjects = sorted(m["Subject"] for m in s.published())
    assert any(t.startswith(f"[Aligned] ALERT {DEMO_DOMAIN}: ") and "possible-spoofing" in t for t in subjects)
    active = s.get(f"/api/domains/{DEMO_DOMAIN}/alerts/active").json_body["items"]
    assert DEMO_RULE_ID in {a["rule_id"] for a in active}
    assert len(s.get("/api/notifications").json_body["items"]) == len(subjects) == len(demo_rules(DEMO_DOMAIN))


def test_demo_rule_bodies_are_accepted_by_the_api(alert_stack: AlertStack) -> None:
    for body in demo_rule_bodies(DOMAIN):
        assert alert_stack.send("post", f"/api/domains/{DOMAIN}/alerts/rules", body).status_code == 201
    assert len(alert_stack.get(f"/api/domains/{DOMAIN}/alerts/rules").json_body["items"]) == 2
