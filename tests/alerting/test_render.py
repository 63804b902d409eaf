"""Messages in Japanese and English: subject, rule, window, figures, link to the UI view."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import Arrivals, Context
from chalicelib.alerting.render import render_event
from chalicelib.alerting.rules import (
    FailCount,
    FailRate,
    NewSource,
    Rule,
    Silence,
    Spoofing,
    TagFailRate,
    VolumeChange,
)
from chalicelib.alerting.state import step
from chalicelib.aws.sns import sns_subject
from tests.alerting.helpers import DOMAIN, NOW, OWN_IP, OWN_TAG, SPOOF_IP, TODAY, ago, fact, registry

UI = "https://dmarc.example.jp/"
FACTS = [fact(ago(d), OWN_IP, 100) for d in range(1, 36)] + [
    fact(ago(1), SPOOF_IP, 40, passing=False), fact(ago(2), OWN_IP, 30, passing=False)]


def fired(rule: Rule, facts=FACTS, arrivals=None):  # type: ignore[no-untyped-def]
    ctx = Context(DOMAIN, TODAY, facts, registry(), arrivals)
    s = step(rule, evaluate(rule.condition, ctx), {}, NOW, 24)
    return s


def test_spoofing_message_in_both_languages() -> None:
    rule = Rule(DOMAIN, "r1", "Spoofing watch", Spoofing(threshold=10, days=7))
    m = render_event(fired(rule).events[0], rule, UI)
    assert m.subject == "[Aligned] ALERT example.com: 40 possible-spoofing messages (threshold 10)"
    assert m.subject_ja == "【Aligned】警告 example.com: なりすましの可能性 40 通（しきい値 10 通）"
    ja, en = m.body.split("-" * 60)
    assert ja.startswith(m.subject_ja) and en.strip().startswith(m.subject)
    assert "ルール: Spoofing watch / 直近 7 日間のなりすましの可能性" in ja
    assert "評価した日: 2026-03-13 .. 2026-03-19 (UTC)\n" in ja
    assert "Days evaluated: 2026-03-13 .. 2026-03-19 (UTC)\n" in en
    assert f"主な送信元（通数）: {SPOOF_IP} (40)" in ja and f"Top sources (messages): {SPOOF_IP} (40)" in en
    assert f"{UI}?domain=example.com&from=2026-03-13&to=2026-03-19&lang=ja&view=spoofing" in ja
    assert f"{UI}?domain=example.com&from=2026-03-13&to=2026-03-19&lang=en&view=spoofing" in en


def test_resolved_message() -> None:
    rule = Rule(DOMAIN, "r1", "Spoofing watch", Spoofing(threshold=10, days=7))
    first = fired(rule)
    active = {s.subject: s for s in first.put}
    later = Context(DOMAIN, TODAY + timedelta(days=8), FACTS, registry())
    s = step(rule, evaluate(rule.condition, later), active, NOW + timedelta(days=8), 24)
    m = render_event(s.events[0], rule, UI)
    assert m.subject.startswith("[Aligned] RESOLVED example.com: 0 possible-spoofing")
    assert "解決" in m.subject_ja and "条件を満たさなくなりました。" in m.body
    assert "The condition no longer holds." in m.body and "Fired: 2026-03-20 09:00 UTC" in m.body


def test_every_kind_renders_and_fits_an_sns_subject() -> None:
    arrivals = Arrivals.of([("google.com", ago(d)) for d in range(5, 20)])
    rules = [FailRate(threshold_pct=1), FailCount(threshold=1), Spoofing(threshold=1),
             NewSource(threshold=1), TagFailRate(tag=OWN_TAG, threshold_pct=1), Silence(days=2),
             VolumeChange(change_pct=1, min_baseline_messages=1)]
    for i, condition in enumerate(rules):
        rule = Rule(DOMAIN, f"r{i}", "ルール" * 33, condition)
        events = fired(rule, FACTS + [fact(ago(1), "198.51.100.1", 50)], arrivals).events
        assert events, condition
        for event in events:
            m = render_event(event, rule, UI)
            assert len(m.subject) < 100 and "\n" not in m.subject
            assert len(sns_subject(m.subject_ja)) < 100 and sns_subject(m.subject_ja).isascii()
            assert "{" not in m.body and "Figures:" in m.body and "数値:" in m.body
            assert "view=" in m.body


def test_no_ui_url_configured() -> None:
    rule = Rule(DOMAIN, "r1", "Count", FailCount(threshold=1))
    m = render_event(fired(rule).events[0], rule, "")
    assert "（UI の URL が設定されていません）" in m.body and "(no UI URL configured)" in m.body


def test_link_of_a_bare_origin_gets_a_slash() -> None:
    from datetime import date

    from chalicelib.alerting.links import ui_link

    day = date(2026, 3, 1)
    assert ui_link("http://127.0.0.1:8001", "a.example", day, day, "ja", "tags", "ニュース") == (
        "http://127.0.0.1:8001/?domain=a.example&from=2026-03-01&to=2026-03-01&lang=ja&view=tags"
        "&tag=%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9")


def test_days_evaluated_says_when_later_days_are_not_all_in() -> None:
    rule = Rule(DOMAIN, "r1", "Count", FailCount(threshold=1, days=1))
    ctx = Context(DOMAIN, TODAY, FACTS, registry(), complete_through=ago(2))
    m = render_event(step(rule, evaluate(rule.condition, ctx), {}, NOW, 24).events[0], rule, UI)
    assert "Days evaluated: 2026-03-18 .. 2026-03-18 (UTC) (later days not evaluated: their reports are not all " \
           "in yet)" in m.body
    assert "評価した日: 2026-03-18 .. 2026-03-18 (UTC) (以降の日はレポートがそろっていないため評価していません)" \
        in m.body
    assert "over the last 1 day\n" in m.body and "1 days" not in m.body


def test_silence_plurals_link_and_resolution() -> None:
    rule = Rule(DOMAIN, "r1", "Quiet", Silence(days=1))
    arrivals = Arrivals.of([("google.com", ago(2))])
    m = render_event(fired(rule, [], arrivals).events[0], rule, UI)
    assert "no report for 1 day (last day reported 2026-03-18)" in m.subject and "1 days" not in m.body
    assert "from=2026-03-12&to=2026-03-18&lang=en&view=reporters (last days with reports)" in m.body
    active = {s.subject: s for s in fired(rule, [], arrivals).put}
    back = Context(DOMAIN, TODAY, [], registry(), Arrivals.of([("google.com", ago(1))]))
    resolved = render_event(step(rule, evaluate(rule.condition, back), active, NOW, 24).events[0], rule, UI)
    assert resolved.subject == "[Aligned] RESOLVED example.com: reports arrive again (last day reported 2026-03-19)"
    assert "0 days" not in resolved.subject and "レポートが再び届いています" in resolved.subject_ja


def test_english_subject_is_cut_at_a_word() -> None:
    from chalicelib.alerting.render import one_line

    text = "[Aligned] ALERT a-rather-long-subdomain.example.co.jp: reporter enterprise.protection.outlook.com " \
           "silent for 12 days (last day reported 2026-03-07)"
    cut = one_line(text)
    assert len(cut) <= 99 and cut.endswith("...") and text.startswith(cut[:-3])
    assert text[len(cut) - 3] == " "  # the cut falls between words, never inside the date
