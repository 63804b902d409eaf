"""Alerts over simulated weeks: a fake clock stepped hourly, reports arriving 6 to 30 hours after the day they
cover (alert_world.py), the hourly evaluation on the in-memory fakes. Windows end on the last complete day, so
a steady problem stays one alert, a steady domain stays quiet, and silence is not resolved by forgetting."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib.alerting.rules import FailCount, NewSource, Rule, Silence, TagFailRate, VolumeChange
from chalicelib.errors import RuleError
from chalicelib.registry import make_entry
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN, OWN_IP, OWN_TAG, SPOOF_IP, fact
from tests.usecases.alert_world import START, World, days_from

NEW_IP, OTHER_IP = "198.51.100.20", "198.51.100.30"
WEEK = 7 * 24


def steady(day: date, reporter: str) -> list:  # type: ignore[type-arg]
    return [fact(day, OWN_IP, 100, reporter=reporter)]


def failing(day: date, reporter: str) -> list:  # type: ignore[type-arg]
    return steady(day, reporter) + [fact(day, SPOOF_IP, 40, passing=False, reporter=reporter)]


def kinds(world: World) -> list[str]:
    return [e.kind.value for e in reversed(world.app.alert_stores.history.page(DOMAIN, 1000).items)]


def test_a_daily_problem_stays_one_alert_with_daily_reminders(app: Container) -> None:
    world = World(app)
    world.history(20, failing)
    world.mail(days_from(START.date(), 8), failing)
    app.alert_stores.rules.create(Rule(DOMAIN, "r1", "Daily failures", FailCount(threshold=50, days=1)))
    messages = world.run(WEEK)
    assert [m.event for m in messages] == ["fired"] + ["reminder"] * 6  # no resolve/fire pairs
    assert kinds(world) == ["fired"] + ["reminder"] * 6
    [state] = app.alert_stores.states.active(DOMAIN)
    assert dict(state.values)["dmarc_fail"] == 120
    for m in messages:  # each message names the one day it evaluated, complete with all three reporters
        assert "DMARC-failing messages: 120" in m.body and "Days evaluated: " in m.body


def test_a_steady_domain_never_fires_a_volume_alert(app: Container) -> None:
    world = World(app)
    world.history(40, steady)
    world.mail(days_from(START.date(), 8), steady)
    for i, pct in enumerate((10, 5, 1)):
        app.alert_stores.rules.create(Rule(DOMAIN, f"v{i}", f"Volume {pct}%", VolumeChange(change_pct=pct, days=1)))
    app.alert_stores.rules.create(Rule(DOMAIN, "w", "Weekly volume", VolumeChange(change_pct=1)))
    assert world.run(WEEK) == []
    assert app.alert_stores.history.page(DOMAIN, 10).items == ()


def test_a_change_while_active_is_announced_once(app: Container) -> None:
    world = World(app)
    world.history(40, steady)
    day0 = START.date()
    world.mail(days_from(day0, 10), lambda day, reporter: steady(day, reporter) + (
        [fact(day, NEW_IP, 50, passing=False, reporter=reporter)] if reporter == "google.com" and day == day0 else []
    ) + ([fact(day, OTHER_IP, 50, passing=False, reporter=reporter)]
         if reporter == "yahoo.com" and day == day0 + timedelta(days=3) else []))
    app.alert_stores.rules.create(Rule(DOMAIN, "n", "New sources", NewSource(threshold=20)))
    messages = world.run(9 * 24)
    events = [m.event for m in messages]
    assert events[0] == "fired" and events.count("changed") == 1 and "resolved" not in events
    [changed] = [m for m in messages if m.event == "changed"]
    assert OTHER_IP in changed.body and "2 new unregistered source(s)" in changed.subject
    assert "This alert is still active and has changed" in changed.body
    assert "前回の通知から状況が変わりました" in changed.body
    assert kinds(world).count("changed") == 1  # recorded in the history too


def test_a_silent_reporter_stays_active_until_it_reports(app: Container) -> None:
    reporters = {"google.com": 6, "yahoo.com": 12}
    world = World(app, dict(reporters))
    world.history(30, steady)
    world.mail(days_from(START.date(), 61), steady, ["google.com"])  # yahoo.com stops reporting
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Silence", Silence(days=2)))
    messages = world.run(60 * 24)
    assert [m.event for m in messages].count("fired") == 1 and "resolved" not in [m.event for m in messages]
    [state] = app.alert_stores.states.active(DOMAIN)
    assert state.subject == "reporter:yahoo.com" and dict(state.values)["silent_days"] >= 59
    assert "reporter yahoo.com silent for" in messages[-1].subject
    world.mail([START.date() + timedelta(days=60)], steady, ["yahoo.com"])  # it reports again
    world.now += timedelta(days=1, hours=11)
    [back] = world.run(2)
    assert back.event == "resolved" and "reporter yahoo.com reports again" in back.subject
    assert app.alert_stores.states.active(DOMAIN) == []


def test_a_single_reporter_domain_gets_one_silence_alert(app: Container) -> None:
    world = World(app, {"google.com": 6})
    world.history(30, steady)
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Silence", Silence(days=2)))
    messages = world.run(5 * 24)
    assert [m.event for m in messages if m.event == "fired"] == ["fired"]
    [state] = app.alert_stores.states.active(DOMAIN)
    assert state.subject == ""  # the domain's own silence; not a second one for its only reporter


def test_removing_a_domain_closes_its_alerts_and_restoring_starts_fresh(app: Container) -> None:
    world = World(app, {"google.com": 6})
    world.history(30, steady)
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Silence", Silence(days=2)))
    assert [m.event for m in world.run(3 * 24)][0] == "fired"
    [before] = app.alert_stores.states.active(DOMAIN)
    app.domain_service.remove(DOMAIN)
    assert app.alert_stores.states.active(DOMAIN) == []
    assert kinds(world)[-1] == "closed" and world.messages() == []  # history only
    assert world.run(24) == [] and kinds(world)[-1] == "closed"  # a removed domain is not evaluated
    app.domain_service.add(DOMAIN)
    world.now += timedelta(days=3)  # silence counts from the restore
    [again] = world.run(1)
    [after] = app.alert_stores.states.active(DOMAIN)
    assert again.event == "fired" and after.since > before.since


def test_a_changed_rule_closes_its_alerts(app: Container) -> None:
    world = World(app, {"google.com": 6, "yahoo.com": 12})
    world.history(30, steady)
    world.mail(days_from(START.date(), 3), steady, ["google.com"])
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Silence", Silence(days=2)))
    world.run(3 * 24)
    assert len(app.alert_stores.states.active(DOMAIN)) == 1
    app.alert_rules.update_rule(DOMAIN, "s", {"name": "Renamed"})
    assert len(app.alert_stores.states.active(DOMAIN)) == 1  # the name is not the condition
    app.alert_rules.update_rule(DOMAIN, "s", {"days": 5})
    assert app.alert_stores.states.active(DOMAIN) == [] and kinds(world)[-1] == "closed"


def test_the_digest_waits_until_the_week_is_in(app: Container) -> None:
    world = World(app)
    world.history(20, steady)
    world.mail(days_from(START.date(), 8), steady)
    app.alert_rules.set_digest(DOMAIN, True)
    world.now += timedelta(days=6)  # Sunday 00:00: the week ends today
    world.run(24 + 29, digests=True)  # until Tuesday 05:00: outlook.com's Sunday report is not in
    assert [m for m in world.messages() if m.category == "digest"] == []
    [digest] = [m for m in world.run(1, digests=True) if m.category == "digest"]  # Tuesday 06:00
    assert "2026-03-02 .. 2026-03-08" in digest.subject and "Messages: 2,100 (" in digest.body


def test_a_tag_rule_on_an_unknown_tag_is_refused(app: Container) -> None:
    app.domains.add(DOMAIN)
    app.registry.put(DOMAIN, make_entry("192.0.2.0/24", OWN_TAG))  # type: ignore[attr-defined]
    body = {"name": "Tag", "kind": "tag_fail_rate", "tag": "newsleter", "threshold_pct": 5}
    with pytest.raises(RuleError) as refused:
        app.alert_rules.create_rule(DOMAIN, body)
    assert (refused.value.code, refused.value.field, refused.value.params) == ("unknown_tag", "tag",
                                                                               {"tag": "newsleter"})
    rule = app.alert_rules.create_rule(DOMAIN, {**body, "tag": OWN_TAG})
    assert isinstance(rule.condition, TagFailRate)


def test_a_held_report_does_not_end_a_silence(app: Container) -> None:
    """Anyone can mail the rua address: a forged (held) report from the silent reporter is no arrival."""
    from chalicelib.ports.ingest import Status
    from chalicelib.provenance import Provenance, Trust
    from tests.ingest.reportgen import report

    world = World(app, {"google.com": 6, "yahoo.com": 12})
    world.history(30, steady)
    world.mail(days_from(START.date(), 10), steady, ["google.com"])  # yahoo.com stops reporting
    app.alert_stores.rules.create(Rule(DOMAIN, "s", "Silence", Silence(days=2)))
    assert [m.event for m in world.run(5 * 24)].count("fired") == 1
    forged_day = datetime.combine(world.now.date() - timedelta(days=1), time(), UTC)
    app.reports.create("forged", report("forged", DOMAIN, "yahoo.com", begin=forged_day), "incoming/forged",
                       Status.HELD, Provenance(Trust.UNVERIFIED, "dmarc_fail", "yahoo.com"))
    world.run(24)
    assert [s.subject for s in app.alert_stores.states.active(DOMAIN)] == ["reporter:yahoo.com"]
