"""The hourly alert evaluation on fakes: fires once, stays quiet while active, resolves when the data clears;
history and the notification log keep both; disabled rules close their alerts."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from chalicelib.alerting.rules import Rule, Spoofing
from chalicelib.registry import make_entry
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN, OWN_IP, OWN_TAG, SPOOF_IP, fact

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def _setup(app: Container) -> Clock:
    clock = Clock()
    app.alerts.clock = clock
    app.domains.add(DOMAIN)
    app.registry.put(DOMAIN, make_entry("192.0.2.0/24", OWN_TAG))  # type: ignore[attr-defined]
    app.alert_stores.rules.create(Rule(DOMAIN, "r1", "Spoofing watch", Spoofing(threshold=10, days=7)))
    return clock


def _add(app: Container, unit: str, days_ago: int, ip: str, count: int, passing: bool) -> None:
    day = NOW.date() - timedelta(days=days_ago)
    app.rollups.merge(DOMAIN, day, unit, [fact(day, ip, count, passing)])


def test_fire_once_then_resolve(app: Container) -> None:
    clock = _setup(app)
    notifier = app.notifier
    _add(app, "own", 1, OWN_IP, 500, True)
    _add(app, "few", 2, SPOOF_IP, 5, False)
    assert app.alerts.evaluate_all().errors == []
    assert notifier.messages == []  # type: ignore[attr-defined]
    _add(app, "more", 3, SPOOF_IP, 20, False)
    app.alerts.evaluate_all()
    (fired,) = notifier.messages  # type: ignore[attr-defined]
    assert fired.event == "fired" and fired.domain == DOMAIN
    clock.now += timedelta(hours=1)
    app.alerts.evaluate_all()
    assert len(notifier.messages) == 1  # type: ignore[attr-defined]
    clock.now += timedelta(days=8)  # the spoofing leaves the window
    app.alerts.evaluate_all()
    assert [m.event for m in notifier.messages] == ["fired", "resolved"]  # type: ignore[attr-defined]
    history = app.alert_stores.history.page(DOMAIN, 10).items
    assert [e.kind.value for e in history] == ["resolved", "fired"]
    assert app.alert_stores.log is not None and len(app.alert_stores.log.page(10).items) == 2


def test_a_disabled_rule_closes_its_alert(app: Container) -> None:
    _setup(app)
    _add(app, "spoof", 3, SPOOF_IP, 50, False)  # no reports: days count as complete after the settled lag
    app.alerts.evaluate_all()
    assert len(app.alert_stores.states.active(DOMAIN)) == 1
    rule = app.alert_stores.rules.get(DOMAIN, "r1")
    app.alert_stores.rules.replace(replace(rule, enabled=False))  # type: ignore[arg-type]
    app.alerts.evaluate_all()
    assert app.alert_stores.states.active(DOMAIN) == []
    assert [e.kind.value for e in app.alert_stores.history.page(DOMAIN, 10).items][0] == "closed"
