"""A domain changing hands (in-memory fakes): the new organization gets none of the previous organization's
source-IP registry, alert rules, active alerts, alert history, digest opt-in or display name, whichever way the
domain moved (removed and registered again, proven by the new organization, assigned by the operator); the
notifications already sent stay the previous organization's. The same organization registering its domain again
keeps them, and a domain no organization held keeps them when the operator assigns it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import wiring
from chalicelib.access.permissions import Role
from chalicelib.access.principal import LOCAL_OPERATOR, Membership, Principal
from chalicelib.access.scope import Scope
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.memory import memory_adapters
from tests.alerting.helpers import SPOOF_IP, fact
from tests.offline import offline_settings

pytestmark = pytest.mark.unit
NAME = "example.com"
ALICE = Principal("alice", (Membership("acme", Role.OWNER),))
BOB = Principal("bob", (Membership("bravo", Role.OWNER),))


@pytest.fixture
def app() -> wiring.Container:
    built = wiring.bootstrap(offline_settings(), **memory_adapters(), resolver=ZoneResolver({}))
    for org in ("acme", "bravo"):
        built.access.add_organization(org, org)
    return built


def configure(app: wiring.Container) -> None:
    """The settings an organization makes for NAME, and a fired alert (an active alert, history, a notification).
    NAME was registered ten days ago (so that an unproven registration sees the spoofing three days ago)."""
    found = app.domains.get(NAME)
    assert found is not None
    app.domains.items[NAME] = replace(found, created=found.created - timedelta(days=10))  # type: ignore[attr-defined]
    app.registry_service.create(NAME, "192.0.2.0/24", "newsletter", "our ESP")
    app.alert_rules.create_rule(NAME, {"name": "Spoofing", "kind": "spoofing", "threshold": 10})
    app.alert_rules.set_digest(NAME, True)
    day = datetime.now(UTC).date() - timedelta(days=3)
    app.rollups.merge(NAME, day, "spoof", [fact(day, SPOOF_IP, 50, passing=False)])
    assert app.alerts.evaluate_all().errors == []
    assert snapshot(app) == {"registry": 1, "rules": 1, "digest": True, "active": 1, "history": 1}


def snapshot(app: wiring.Container) -> dict[str, object]:
    return {"registry": len(app.registry_service.list(NAME).entries), "rules": len(app.alert_rules.list_rules(NAME)),
            "digest": app.alert_rules.digest(NAME).enabled, "active": len(app.alert_rules.active_alerts(NAME)),
            "history": len(app.alert_rules.history(NAME, 50).items)}


NOTHING = {"registry": 0, "rules": 0, "digest": False, "active": 0, "history": 0}


def notified(app: wiring.Container, who: Principal) -> list[str]:
    return [n.message.domain for n in app.alert_rules.notifications(50, None, Scope(who, app.domains.get)).items]


def publish(app: wiring.Container, org: str) -> None:
    record = app.domain_service.record(org, NAME)
    assert record is not None
    app.resolver.zone.setdefault(record.name, {}).setdefault("TXT", []).append(record.value)  # type: ignore[attr-defined]


def removed_and_registered(app: wiring.Container) -> None:
    app.domain_service.remove(NAME)
    app.domain_service.add(NAME, "bravo", BOB)


def proven_by_bravo(app: wiring.Container) -> None:
    publish(app, "bravo")
    app.domain_service.verify("bravo", NAME)


def removed_and_proven_by_bravo(app: wiring.Container) -> None:
    app.domain_service.remove(NAME)
    proven_by_bravo(app)


def assigned_to_bravo(app: wiring.Container) -> None:
    app.domain_service.assign(NAME, "bravo")


MOVES: dict[str, tuple[bool, Callable[[wiring.Container], None]]] = {  # (acme proved it first, the move)
    "removed, registered again": (True, removed_and_registered),
    "unproven, proven by another": (False, proven_by_bravo),
    "removed, proven by another": (True, removed_and_proven_by_bravo),
    "assigned by the operator": (True, assigned_to_bravo),
}


@pytest.mark.parametrize("move", MOVES, ids=list(MOVES))
def test_the_new_organization_inherits_none_of_the_previous_one_s_settings(app: wiring.Container, move: str) -> None:
    proven, moved = MOVES[move]
    app.domain_service.add(NAME, "acme", LOCAL_OPERATOR if proven else ALICE, display_name="Acme marketing")
    configure(app)
    assert notified(app, ALICE) == [NAME]
    moved(app)
    found = app.domains.get(NAME)
    assert found is not None and found.org == "bravo" and found.display_name == ""
    assert snapshot(app) == NOTHING
    assert app.alerts.evaluate_all().errors == [] and app.alert_rules.active_alerts(NAME) == []
    assert notified(app, BOB) == [] and notified(app, ALICE) == [NAME]  # sent to acme: acme's still


def test_the_same_organization_registering_again_keeps_its_settings(app: wiring.Container) -> None:
    app.domain_service.add(NAME, "acme", LOCAL_OPERATOR)
    configure(app)
    app.domain_service.remove(NAME)  # closes the active alert (history only)
    app.domain_service.add(NAME, "acme", ALICE)
    assert snapshot(app) == {"registry": 1, "rules": 1, "digest": True, "active": 0, "history": 2}


def test_a_domain_no_organization_held_keeps_its_settings_when_assigned(app: wiring.Container) -> None:
    app.domain_service.add(NAME, None, LOCAL_OPERATOR)  # registered before organizations: the operator's
    configure(app)
    app.domain_service.assign(NAME, "acme")
    assert snapshot(app) == {"registry": 1, "rules": 1, "digest": True, "active": 1, "history": 1}
