"""Facts and a registry for the alert tests. TODAY is the evaluation day; windows end the day before."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.analysis.facts import Fact
from chalicelib.registry import Matcher, make_entry

DOMAIN = "example.com"
TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
OWN_IP = "192.0.2.10"  # registered, tag "newsletter"
OWN_TAG = "newsletter"
SPOOF_IP = "203.0.113.66"  # unregistered


def ago(days: int, today: date = TODAY) -> date:
    return today - timedelta(days=days)


def fact(day: date, ip: str, count: int, passing: bool = True, reporter: str = "google.com") -> Fact:
    return Fact(day=day, source_ip=ip, reporter=reporter, header_from=DOMAIN,
                envelope_from=DOMAIN if passing else "evil.example", dkim_domains=DOMAIN if passing else "",
                spf_auth=passing, spf_aligned=passing, dkim_auth=passing, dkim_aligned=passing,
                disposition="none", count=count)


def registry() -> Matcher:
    return Matcher([make_entry("192.0.2.0/24", OWN_TAG, "ESP")])
