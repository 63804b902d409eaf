"""Alert rules the local stack registers for the demo domain at first start, so an alert fires on the demo data
(60 days with DMARC failures and spoofing, through yesterday) at the first scheduled evaluation."""
from __future__ import annotations

from chalicelib.alerting.codec import rule_to_dict
from chalicelib.alerting.rules import FailRate, Rule, Spoofing

DEMO_RULE_ID = "demo-spoofing"


def demo_rules(domain: str) -> list[Rule]:
    return [
        Rule(domain, DEMO_RULE_ID, "Demo: possible spoofing", Spoofing(threshold=10, days=7)),
        Rule(domain, "demo-fail-rate", "Demo: DMARC fail rate", FailRate(threshold_pct=5.0, days=7)),
    ]


def demo_rule_bodies(domain: str) -> list[dict[str, object]]:
    """The demo rules as bodies for POST /api/domains/{domain}/alerts/rules (the API assigns the ids)."""
    return [{k: v for k, v in rule_to_dict(r).items() if k not in ("id", "domain")} for r in demo_rules(domain)]
