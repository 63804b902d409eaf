"""Alert rules and the weekly digest of a domain whose ownership is not proven read nothing before its registration
day, as the analyses do (Domain.visible_from through DayRange.since): the reports stored before, e.g. under a
previous owner, stay hidden. A proven domain with the same stored data is the control: it does alert."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from chalicelib.alerting.render import Message
from chalicelib.alerting.rules import Rule, Silence, Spoofing
from chalicelib.ports.alerts import DigestSubscription
from chalicelib.ports.ingest import Domain, Status
from chalicelib.wiring import Container
from tests.alerting.helpers import OWN_IP, SPOOF_IP, fact
from tests.ingest.reportgen import report

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 18, 9, tzinfo=UTC)  # a Wednesday: the digest week is 2026-03-09 .. 2026-03-15
REGISTERED = datetime(2026, 3, 17, 8, tzinfo=UTC)
PROVEN, UNPROVEN = "proven.example", "unproven.example"


def _stored_before(app: Container, domain: str) -> None:
    """Two weeks of facts (spoofing among them) and ten days of google.com reports, which then fall silent, all
    before REGISTERED."""
    for n in range(14, 0, -1):
        day = REGISTERED.date() - timedelta(days=n)
        rid = f"g-{day.isoformat()}"
        if n >= 4:
                app.reports.create(f"{domain}!google.com!{rid}", report(rid, domain, "google.com",
                                                                     begin=datetime.combine(day, time(), UTC)),
                               f"raw/{rid}", Status.APPLIED)
        app.rollups.merge(domain, day, rid, [fact(day, OWN_IP, 100), fact(day, SPOOF_IP, 30, passing=False)])


@pytest.fixture
def sent(app: Container) -> list[Message]:
    app.alerts.clock = lambda: NOW
    for domain, org, proven in ((PROVEN, "acme", REGISTERED), (UNPROVEN, "bravo", None)):
        app.domains.items[domain] = Domain(domain, REGISTERED, None, org, proven)  # type: ignore[attr-defined]
        _stored_before(app, domain)
        for rule in (Rule(domain, "spoof", "Spoofing", Spoofing(threshold=10, days=7)),
                     Rule(domain, "quiet", "Silence", Silence(days=2, reporters=True))):
            app.alert_stores.rules.create(rule)
        app.alert_stores.rules.set_digest(DigestSubscription(domain, enabled=True))
    assert app.domains.get(UNPROVEN).visible_from == REGISTERED.date()  # type: ignore[union-attr]
    assert app.alerts.evaluate_all().errors == []
    assert app.alerts.send_digests().errors == []
    return app.notifier.messages  # type: ignore[attr-defined, no-any-return]


def of(sent: list[Message], domain: str, category: str) -> list[Message]:
    return [m for m in sent if m.domain == domain and m.category == category]


def test_alert_rules_of_an_unproven_domain_see_nothing_before_its_registration(sent: list[Message]) -> None:
    last_reported = "2026-03-13"  # the reports stop four days before registration: a silence alert names the day
    control = of(sent, PROVEN, "alert")
    assert any(SPOOF_IP in m.body for m in control) and any(last_reported in m.body for m in control)
    assert [m.subject for m in of(sent, UNPROVEN, "alert")] == []


def test_the_weekly_digest_of_an_unproven_domain_sees_nothing_before_its_registration(sent: list[Message]) -> None:
    (control,) = of(sent, PROVEN, "digest")
    assert SPOOF_IP in control.body
    (digest,) = of(sent, UNPROVEN, "digest")
    assert SPOOF_IP not in digest.body and "Messages: 0" in digest.body


def test_the_day_floor_is_the_domain_s_visible_from(app: Container) -> None:
    """Proving the domain lifts the floor: the same unproven domain alerts once proven."""
    app.alerts.clock = lambda: NOW
    app.domains.items[UNPROVEN] = Domain(UNPROVEN, REGISTERED, None, "bravo", None)  # type: ignore[attr-defined]
    _stored_before(app, UNPROVEN)
    app.alert_stores.rules.create(Rule(UNPROVEN, "spoof", "Spoofing", Spoofing(threshold=10, days=7)))
    app.alerts.evaluate_all()
    assert app.notifier.messages == []  # type: ignore[attr-defined]
    app.domains.assign(UNPROVEN, "bravo", NOW, app.domains.get(UNPROVEN))  # type: ignore[arg-type]
    app.alerts.evaluate_all()
    assert [m.event for m in app.notifier.messages] == ["fired"]  # type: ignore[attr-defined]
