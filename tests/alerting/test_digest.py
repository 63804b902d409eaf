"""The weekly digest: the last complete Monday..Sunday, its change from the week before, next steps."""
from __future__ import annotations

from datetime import date

from chalicelib.alerting.digest import build_digest, digest_week
from chalicelib.alerting.digest_render import render_digest
from chalicelib.alerting.inputs import Window
from tests.alerting.helpers import DOMAIN, OWN_IP, SPOOF_IP, fact, registry

WEEK = Window(date(2026, 3, 9), date(2026, 3, 15))


def test_week_is_last_complete_monday_to_sunday() -> None:
    assert digest_week(date(2026, 3, 16)) == WEEK  # a Monday
    assert digest_week(date(2026, 3, 22)) == WEEK  # the Sunday after
    assert digest_week(date(2026, 3, 23)) == Window(date(2026, 3, 16), date(2026, 3, 22))


def test_digest_content_and_message() -> None:
    facts = [fact(date(2026, 3, 3), OWN_IP, 100),
             fact(date(2026, 3, 10), OWN_IP, 90), fact(date(2026, 3, 11), "192.0.2.5", 10, passing=False),
             fact(date(2026, 3, 12), SPOOF_IP, 20, passing=False), fact(date(2026, 3, 16), SPOOF_IP, 999)]
    d = build_digest(DOMAIN, WEEK, facts, registry())
    assert (d.messages, d.previous_messages) == (120, 100)
    assert d.pass_pct == 75.0 and d.previous_pass_pct == 100.0 and d.pass_change_pp == -25.0
    assert [(r.name, r.dmarc_fail) for r in d.failing_tags] == [("newsletter", 10)]
    assert [(r.name, r.messages) for r in d.patterns] == [("4", 30)]
    assert [(r.name, r.dmarc_fail) for r in d.unregistered] == [(SPOOF_IP, 20)]
    assert len(d.next_steps) == 3  # fix the tag, review sources, pass rate fell
    m = render_digest(d, "https://ui.example/")
    assert m.category == "digest" and m.subject == "[Aligned] Weekly digest example.com: 2026-03-09 .. 2026-03-15"
    assert "DMARC pass rate: 75% (change: -25.0 points)" in m.body
    assert "DMARC 合格率: 75%（前週比 -25.0 ポイント）" in m.body
    assert "newsletter: 10 of 100 failing (10%)" in m.body and "次にすること:" in m.body
    assert "https://ui.example/?domain=example.com&from=2026-03-09&to=2026-03-15&lang=en&view=overview" in m.body


def test_empty_week_says_check_rua() -> None:
    d = build_digest(DOMAIN, WEEK, [], registry(), registered=date(2026, 1, 5))
    assert d.previous_pass_pct is None and "rua" in d.next_steps[0][1]
    body = render_digest(d, "").body
    assert "DMARC pass rate: - (change: -)" in body and "DMARC 合格率: -（前週比 -）" in body and "0%" not in body


def test_empty_week_after_a_full_one_shows_no_fall_to_zero() -> None:
    d = build_digest(DOMAIN, WEEK, [fact(date(2026, 3, 3), OWN_IP, 100)], registry())
    assert d.pass_change_pp is None and "change: -" in render_digest(d, "").body


def test_a_domain_registered_this_week_is_not_told_to_check_rua() -> None:
    d = build_digest(DOMAIN, WEEK, [], registry(), registered=date(2026, 3, 15))
    [(ja, en)] = d.next_steps
    assert "rua" not in en and "Registered on 2026-03-15" in en and "2026-03-15 に登録したばかり" in ja
