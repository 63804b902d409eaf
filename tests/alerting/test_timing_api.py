"""Alert timing through the wiring (chalice.test.Client on moto): the evaluation waits for the day's reports
from every usual reporter (read from the report items), and removing a domain through the API closes its
alerts with a history event."""
from __future__ import annotations

from dataclasses import replace

from tests.alerting.helpers import SPOOF_IP, fact
from tests.alerting.stack import DOMAIN, AlertStack

RULE = {"name": "Daily failures", "kind": "fail_count", "threshold": 10, "days": 1}


def _settled_lag(s: AlertStack, hours: int) -> None:
    s.container.alerts.config = replace(s.container.alerts.config, settled_hours=hours)


def test_a_day_is_evaluated_once_every_usual_reporter_has_covered_it(alert_stack: AlertStack) -> None:
    s = alert_stack
    _settled_lag(s, 48)
    s.clock.now = s.clock.now.replace(hour=12)
    for org in ("google.com", "yahoo.com"):
        s.add_reports(org, [s.clock.ago(d) for d in range(2, 21)])
    s.add_reports("google.com", [s.clock.ago(1)])
    s.add_facts([fact(s.clock.ago(1), SPOOF_IP, 50, passing=False)])
    assert s.send("post", f"/api/domains/{DOMAIN}/alerts/rules", RULE).status_code == 201
    s.invoke()
    assert s.published() == [], "yahoo.com's report of yesterday is not in: yesterday is not evaluated yet"
    s.add_reports("yahoo.com", [s.clock.ago(1)])
    s.invoke()
    [fired] = s.published()
    day = s.clock.ago(1).isoformat()
    assert fired["Subject"].startswith(f"[Aligned] ALERT {DOMAIN}: 50 DMARC-failing messages")
    assert f"Days evaluated: {day} .. {day} (UTC)\n" in fired["Message"]


def test_removing_a_domain_through_the_api_closes_its_alerts(alert_stack: AlertStack) -> None:
    s = alert_stack
    s.add_facts([fact(s.clock.ago(1), SPOOF_IP, 50, passing=False)])
    assert s.send("post", f"/api/domains/{DOMAIN}/alerts/rules", RULE).status_code == 201
    s.invoke()
    assert len(s.published()) == 1 and len(s.get(f"/api/domains/{DOMAIN}/alerts/active").json_body["items"]) == 1
    assert s.send("delete", f"/api/domains/{DOMAIN}").status_code in (200, 204)
    assert s.published() == []  # closing is history only
    assert s.send("post", "/api/domains", {"name": DOMAIN}).status_code in (200, 201)
    assert s.get(f"/api/domains/{DOMAIN}/alerts/active").json_body["items"] == []
    history = s.get(f"/api/domains/{DOMAIN}/alerts/history").json_body["items"]
    assert [e["event"] for e in history] == ["closed", "fired"]
    s.add_facts([fact(s.clock.ago(1), SPOOF_IP, 50, passing=False)])  # re-adding rebuilt the days from reports
    s.invoke()
    [again] = s.published()  # restored: a fresh alert, announced
    assert again["MessageAttributes"]["event"]["Value"] == "fired"
