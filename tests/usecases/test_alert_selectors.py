"""The DKIM selector alerts over simulated weeks on the in-memory fakes (as test_alert_timing.py): a new
selector of the domain's own starts signing (fires once, stays one alert), a selector in use stops (fires; it
resolves when the selector signs again), a third-party d= never counts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from chalicelib.alerting.inputs import Context
from chalicelib.alerting.rules import NewSelector, Rule, SelectorSilent
from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN, OWN_IP, TODAY, ago, fact
from tests.usecases.alert_world import START, World, days_from

WEEK = 7 * 24


def signed(day: date, reporter: str, *dkim: str, n: int = 100) -> Fact:
    return replace(fact(day, OWN_IP, n, reporter=reporter), detail=SenderDetail(dkim=" ".join(dkim), service="own"))


def old_key(day: date, reporter: str) -> list[Fact]:
    return [signed(day, reporter, "example.com/s2024/pass", "esp.example/k1/pass")]


def test_a_new_selector_fires_once_and_names_itself(app: Container) -> None:
    world = World(app)
    world.history(20, old_key)
    day0 = START.date()
    world.mail(days_from(day0, 8), lambda day, reporter: old_key(day, reporter) + (
        [signed(day, reporter, "mail.example.com/s2026/pass", "other-esp.example/x/pass", n=5)]
        if day >= day0 + timedelta(days=1) else []))
    app.alert_stores.rules.create(Rule(DOMAIN, "n", "New selector", NewSelector(threshold=0, days=7)))
    messages = world.run(WEEK)
    events = [m.event for m in messages]
    assert events[0] == "fired" and events.count("fired") == 1 and "resolved" not in events
    first = messages[0]
    assert first.subject.endswith("1 new DKIM selector(s) signing as the domain")
    # its first day: 5 messages from each of the 3 reporters
    assert "Selectors (messages): mail.example.com/s2026 (15)" in first.body
    assert "other-esp.example" not in first.body  # a third party's d= is not the domain's key
    assert "ドメインとして署名する新しい DKIM セレクタ" in first.body


def test_a_selector_in_use_that_stops_signing_fires_and_resolves_when_back(app: Container) -> None:
    world = World(app)
    world.history(20, old_key)
    day0 = START.date()
    back = day0 + timedelta(days=5)
    world.mail(days_from(day0, 10), lambda day, reporter: old_key(day, reporter) if day >= back else [
        signed(day, reporter, "example.com/s2026/pass")])
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Selector gone", SelectorSilent(days=2)))
    messages = world.run(9 * 24)
    events = [m.event for m in messages]
    assert events[0] == "fired" and "resolved" in events
    assert messages[0].subject.endswith("1 DKIM selector(s) in use went silent")
    assert "Selectors (messages): example.com/s2024 (" in messages[0].body
    assert "使われていた DKIM セレクタ 1 件が署名しなくなりました" in messages[0].body


def test_no_mail_reported_is_not_a_silent_selector() -> None:
    from chalicelib.alerting.evaluate import evaluate

    facts = [signed(ago(d), "google.com", "example.com/s1/pass") for d in range(10, 30)]
    ctx = Context(DOMAIN, TODAY, facts)
    [obs] = evaluate(SelectorSilent(days=3), ctx)
    assert obs.firing is False and obs.value("silent_selectors") == 1
    facts.append(signed(ago(1), "google.com", "example.com/s9/pass"))
    [obs] = evaluate(SelectorSilent(days=3), Context(DOMAIN, TODAY, facts))
    assert obs.firing is True and obs.value("top_selectors") == "example.com/s1 (2000)"
