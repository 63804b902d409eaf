"""Weekly digest: opt-in through the API, sent by its schedule once per week through SNS."""
from __future__ import annotations

from datetime import timedelta

from tests.alerting.helpers import OWN_IP, SPOOF_IP, fact
from tests.alerting.stack import DOMAIN, AlertStack

DIGEST = f"/api/domains/{DOMAIN}/alerts/digest"


def test_digest_opt_in_and_once_per_week(alert_stack: AlertStack) -> None:
    s = alert_stack
    s.add_facts([fact(s.clock.ago(d), OWN_IP, 100) for d in range(1, 15)]
                + [fact(s.clock.ago(d), SPOOF_IP, 7, passing=False) for d in range(1, 15)])
    assert s.invoke("send_weekly_digest")["sent"] == {}
    assert s.published() == []
    assert s.get(DIGEST).json_body == {"enabled": False, "last_week": None}
    assert s.send("put", DIGEST, {"enabled": "yes"}).json_body["field"] == "enabled"
    assert s.send("put", DIGEST, {"enabled": True}).json_body["enabled"] is True

    assert s.invoke("send_weekly_digest")["sent"] == {"digest": 1}
    [digest] = s.published()
    assert digest["Subject"].startswith(f"[Aligned] Weekly digest {DOMAIN}: ")
    assert digest["MessageAttributes"]["category"]["Value"] == "digest"
    body = digest["Message"]
    assert "週次ダイジェスト" in body and "What to do next:" in body and SPOOF_IP in body
    assert s.invoke("send_weekly_digest")["sent"] == {}  # the local driver plays it every minute
    assert s.published() == []
    last_week = s.get(DIGEST).json_body["last_week"]
    s.clock.advance(days=7)
    assert s.invoke("send_weekly_digest")["sent"] == {"digest": 1}
    assert len(s.published()) == 1
    assert s.get(DIGEST).json_body["last_week"] == (
        __import__("datetime").date.fromisoformat(last_week) + timedelta(days=7)).isoformat()
