from __future__ import annotations

from datetime import date

from chalicelib.analysis.common import DayPoint, NameCount
from chalicelib.analysis.overview import overview
from chalicelib.dmarc.model import PolicyPublished
from tests.analysis.known import D1, D2, FACTS


def test_overview_by_hand() -> None:
    policy = PolicyPublished(domain="example.jp", p="none", pct=100)
    o = overview(FACTS, policy)
    assert (o.messages, o.sources) == (225, 5)
    assert (o.dmarc_pass, o.dmarc_pass_pct, o.dmarc_fail) == (145, 64.44, 80)
    assert (o.spf_auth, o.spf_auth_pct) == (130, 57.78)
    assert (o.spf_aligned, o.spf_aligned_pct) == (105, 46.67)
    assert (o.dkim_auth, o.dkim_auth_pct) == (170, 75.56)
    assert (o.dkim_aligned, o.dkim_aligned_pct) == (140, 62.22)
    assert o.dispositions == (NameCount("none", 175, 77.78), NameCount("reject", 45, 20.0),
                              NameCount("quarantine", 5, 2.22))
    assert o.daily == (DayPoint(D1, 165, 145, 20), DayPoint(D2, 60, 0, 60))
    assert o.reporters == (NameCount("google.com", 155, 68.89), NameCount("Yahoo", 55, 24.44),
                           NameCount("Outlook.com", 15, 6.67))
    assert o.policy is policy


def test_daily_series_fills_the_range() -> None:
    o = overview(FACTS, start=date(2025, 2, 28), end=D2)
    assert o.daily == (DayPoint(date(2025, 2, 28), 0, 0, 0), DayPoint(D1, 165, 145, 20), DayPoint(D2, 60, 0, 60))


def test_empty_range() -> None:
    o = overview([])
    assert (o.messages, o.dmarc_pass_pct, o.daily, o.reporters) == (0, 0.0, (), ())
