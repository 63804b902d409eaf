"""The policy_drift alert on the in-memory fakes: the reports' policies read through the Policies port by the
scheduled evaluation; a reporter seeing a second record for days fires, and it resolves once it sees the
published one again."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.alerting.rules import PolicyDriftRule, Rule
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.ingest import Domain, Status
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN
from tests.ingest.reportgen import report

START = date(2026, 3, 1)
REPORTERS = ("google.com", "yahoo.com", "kddi.com")


def deliver(app: Container, day: date, stale: bool) -> None:
    for reporter in REPORTERS:
        r = report(f"{reporter}-{day}", DOMAIN, reporter, begin=datetime.combine(day, time(), UTC), records=1)
        if reporter == "kddi.com" and stale:
            r = replace(r, policy=PolicyPublished(DOMAIN, p="quarantine", sp="quarantine"))
        app.reports.create(f"{DOMAIN}!{reporter}!{day}", r, "raw", Status.APPLIED)
        app.policies.record(r, counted=True)  # its policy in the policy log, as ingest does


def run(app: Container, day: date) -> list[str]:
    """Evaluates on the morning three days after `day` (its reports are all in)."""
    app.alerts.clock = lambda: datetime.combine(day + timedelta(days=3), time(9), UTC)
    before = len(app.notifier.messages)  # type: ignore[attr-defined]
    app.alerts.evaluate_all()
    return [m.subject for m in app.notifier.messages[before:]]  # type: ignore[attr-defined]


def test_drift_fires_on_the_second_day_and_resolves(app: Container) -> None:
    app.domains.items[DOMAIN] = Domain(DOMAIN, datetime(2026, 1, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    app.alert_stores.rules.create(Rule(DOMAIN, "d", "Policy drift", PolicyDriftRule(days=7)))
    for n in range(10):
        deliver(app, START + timedelta(days=n), stale=False)
    assert run(app, START + timedelta(days=9)) == []
    deliver(app, START + timedelta(days=10), stale=True)  # one day: the lag of a change
    assert run(app, START + timedelta(days=10)) == []
    deliver(app, START + timedelta(days=11), stale=True)
    [fired] = run(app, START + timedelta(days=11))
    assert "1 reporter(s) saw a DMARC policy other than the published one" in fired
    [state] = app.alert_stores.states.active(DOMAIN)
    assert dict(state.values)["drift_seen"] == "kddi.com p=quarantine"  # the others state no sp
    for n in range(12, 20):
        deliver(app, START + timedelta(days=n), stale=False)
    resolved = run(app, START + timedelta(days=19))
    assert resolved and not app.alert_stores.states.active(DOMAIN)
