"""Proof of domain ownership (in-memory fakes, a fake DNS zone): an unproven registration collects new reports
but shows none of the older ones; the TXT proof claims them; a domain proven by one organization cannot be
claimed by another without the operator; an unproven registration yields to the organization that proves."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import wiring
from chalicelib.access.ownership import OwnershipState
from chalicelib.access.permissions import Permission, Role
from chalicelib.access.principal import LOCAL_OPERATOR, Membership, Principal
from chalicelib.access.scope import Scope
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.memory import memory_adapters
from chalicelib.errors import Conflict, InvalidInput, UnknownDomain
from chalicelib.services.analyses import DayRange
from tests.ingest.reportgen import DAY0, report, to_mail
from tests.offline import offline_settings

pytestmark = pytest.mark.unit
NAME, BUCKET = "example.com", "aligned-raw-mail"
ALICE = Principal("alice", (Membership("acme", Role.ADMIN),))
BOB = Principal("bob", (Membership("bravo", Role.OWNER),))
MARCH = DayRange(DAY0.date(), DAY0.date() + timedelta(days=9))


@pytest.fixture
def app() -> wiring.Container:
    built = wiring.bootstrap(offline_settings(), **memory_adapters(), resolver=ZoneResolver({}))
    for org in ("acme", "bravo"):
        built.access.add_organization(org, org)
    return built


def deliver(app: wiring.Container, key: str, **kw: object) -> None:
    app.raw_mail.put(BUCKET, key, to_mail(report(key.rsplit("/", 1)[-1], domain=NAME, **kw)))  # type: ignore[arg-type]
    app.ingest.ingest_object(BUCKET, key)


def publish(app: wiring.Container, org: str) -> None:
    record = app.domain_service.record(org, NAME)
    assert record is not None
    app.resolver.zone.setdefault(record.name, {}).setdefault("TXT", []).append(record.value)  # type: ignore[attr-defined]


def messages(app: wiring.Container, days: DayRange = MARCH) -> int:
    return app.analyses.overview(NAME, days)[0].messages


def today() -> DayRange:
    day = datetime.now(UTC).date()
    return DayRange(day, day)


def test_unproven_shows_no_older_reports_and_collects_new_ones(app: wiring.Container) -> None:
    deliver(app, "incoming/old", count=5)
    added = app.domain_service.add(NAME, None, ALICE)
    assert (added.domain.org, added.domain.ownership, added.claimed_days) == ("acme", OwnershipState.UNPROVEN, 0)
    assert added.domain.verification is not None and added.domain.verification.name == "_aligned-verify." + NAME
    assert messages(app) == 0
    assert app.analyses.data_span(NAME) is None
    assert [u.domain for u in app.domain_service.unclaimed(Scope(ALICE, app.domains.get))] == [NAME]
    assert app.domain_service.unclaimed(Scope(BOB, app.domains.get)) == ()
    deliver(app, "incoming/new", count=2, begin=datetime.combine(today().start, datetime.min.time(), UTC))
    assert messages(app, today()) == report(count=2).message_count


def test_the_txt_proof_claims_the_older_reports(app: wiring.Container) -> None:
    deliver(app, "incoming/old", count=5)
    app.domain_service.add(NAME, "acme", ALICE)
    with pytest.raises(Conflict) as failed:
        app.domain_service.verify("acme", NAME)
    assert failed.value.code == "verification_failed"
    publish(app, "bravo")  # another organization's token proves nothing for acme
    with pytest.raises(Conflict):
        app.domain_service.verify("acme", NAME)
    publish(app, "acme")
    proven = app.domain_service.verify("acme", NAME)
    assert (proven.ownership, proven.verification, proven.visible_from) == (OwnershipState.PROVEN, None, None)
    assert messages(app) == report(count=5).message_count
    assert app.domain_service.unclaimed(Scope(ALICE, app.domains.get)) == ()


def test_a_second_organization_cannot_claim_a_proven_domain_without_the_operator(app: wiring.Container) -> None:
    deliver(app, "incoming/old", count=5)
    app.domain_service.add(NAME, "acme", ALICE)
    publish(app, "acme")
    app.domain_service.verify("acme", NAME)
    with pytest.raises(Conflict) as held:
        app.domain_service.add(NAME, "bravo", BOB)
    assert held.value.code == "domain_held"
    assert held.value.params["record_value"] == app.domain_service.record("bravo", NAME).value  # type: ignore[union-attr]
    publish(app, "bravo")
    with pytest.raises(Conflict) as proven:
        app.domain_service.verify("bravo", NAME)
    assert proven.value.code == "domain_proven_elsewhere"
    bob = Scope(BOB, app.domains.get)
    with pytest.raises(UnknownDomain):
        bob.require(NAME, Permission.READ)
    moved = app.domain_service.assign(NAME, "bravo")  # the operator
    assert (moved.org, moved.ownership) == ("bravo", OwnershipState.PROVEN)
    assert messages(app) == report(count=5).message_count
    assert not Scope(ALICE, app.domains.get).sees(NAME) and Scope(BOB, app.domains.get).sees(NAME)


def test_an_unproven_registration_yields_to_the_organization_that_proves(app: wiring.Container) -> None:
    app.domain_service.add(NAME, "acme", ALICE)
    publish(app, "bravo")
    taken = app.domain_service.verify("bravo", NAME)
    assert (taken.org, taken.ownership) == ("bravo", OwnershipState.PROVEN)
    assert [d.name for d in app.domain_service.list(False, Scope(ALICE, app.domains.get))] == []


def test_a_new_owner_after_removal_does_not_see_the_former_owners_reports(app: wiring.Container) -> None:
    app.domain_service.add(NAME, "acme", LOCAL_OPERATOR)  # the operator registers it for acme: proven
    deliver(app, "incoming/old", count=5)
    assert messages(app) == report(count=5).message_count
    app.domain_service.remove(NAME)
    app.domain_service.add(NAME, "bravo", BOB)
    assert messages(app) == 0


def test_the_organization_is_asked_for_when_the_caller_has_several(app: wiring.Container) -> None:
    both = Principal("carol", (Membership("acme", Role.OWNER), Membership("bravo", Role.ADMIN)))
    with pytest.raises(InvalidInput) as missing:
        app.domain_service.add(NAME, None, both)
    assert missing.value.code == "org_required"
    assert app.domain_service.add(NAME, "bravo", both).domain.org == "bravo"


def test_every_view_of_an_unproven_domain_answers_a_range_before_its_registration_with_nothing(
        app: wiring.Container) -> None:
    """A range that ends before the registration day leaves nothing to read: every reader answers empty without
    asking the store (the fakes refuse an empty range as DynamoDB's BETWEEN does)."""
    from chalicelib.services.analyses import DrillFilter

    deliver(app, "incoming/old", count=5)
    app.domain_service.add(NAME, None, ALICE)
    before = DayRange(MARCH.start, datetime.now(UTC).date() - timedelta(days=1))
    a = app.analyses
    assert a.overview(NAME, before)[0].messages == 0
    assert a.patterns(NAME, before).messages == a.tags(NAME, before).messages == 0
    assert a.spoofing(NAME, before, 0, 50, False).sources == 0
    assert a.readiness(NAME, before).tags == () and a.senders(NAME, before).messages == 0
    assert a.drilldown(NAME, before, DrillFilter(), 0, 50).page.total_facts == 0
    assert list(a.drill_rows(NAME, before, DrillFilter())) == []
    assert app.policy.drift(NAME, before).latest is None and app.tls.reports(NAME, before) == []
    assert app.providers.report(NAME, before).messages == 0
    assert app.simulation.simulate(NAME, before, {"p": "reject"}).simulation.messages == 0
    (row,) = app.portfolio.portfolio(app.portfolio.active_domains(), before, "domain", False, 0, 50).rows
    assert row.messages == 0


class RacingZone(ZoneResolver):
    """A fake zone that runs `meanwhile` (once) while a proof waits for its TXT answer: another claim gets in
    between the proof's read of the domain and its write."""

    meanwhile: Callable[[], object] | None = None

    def txt(self, name: str) -> tuple[str, ...] | None:
        run, self.meanwhile = self.meanwhile, None
        if run is not None:
            run()
        return super().txt(name)


@pytest.fixture
def racing() -> wiring.Container:
    built = wiring.bootstrap(offline_settings(), **memory_adapters(), resolver=RacingZone({}))
    for org in ("acme", "bravo"):
        built.access.add_organization(org, org)
    return built


def race(app: wiring.Container, meanwhile: Callable[[], object]) -> Conflict:
    """acme proves NAME while `meanwhile` runs; acme's claim must be refused, bravo's must stand."""
    publish(app, "acme")
    app.resolver.meanwhile = meanwhile  # type: ignore[attr-defined]
    with pytest.raises(Conflict) as refused:
        app.domain_service.verify("acme", NAME)
    found = app.domains.get(NAME)
    assert found is not None and found.org == "bravo" and found.proven is not None
    return refused.value


@pytest.mark.parametrize("registered", [False, True], ids=["new", "unproven"])
def test_two_organizations_proving_at_once_one_wins(racing: wiring.Container, registered: bool) -> None:
    if registered:
        racing.domain_service.add(NAME, "acme", ALICE)
    publish(racing, "bravo")
    refused = race(racing, lambda: racing.domain_service.verify("bravo", NAME))
    assert (refused.code, refused.params) == ("domain_claim_changed", {"domain": NAME})


def test_a_proof_racing_the_operator_s_assignment_is_refused(racing: wiring.Container) -> None:
    racing.domain_service.add(NAME, "acme", ALICE)
    refused = race(racing, lambda: racing.domain_service.assign(NAME, "bravo"))
    assert refused.code == "domain_claim_changed"


def test_an_unproven_domain_lists_no_held_report_or_failure_from_before_its_registration(
        app: wiring.Container) -> None:
    from chalicelib.errors import NotFound, UnknownReport
    from chalicelib.ports.ingest import Failure
    from chalicelib.services.held import report_id
    from chalicelib.services.ingest import report_key

    def held(key: str, begin: datetime = DAY0) -> str:
        r = report(key, domain=NAME, begin=begin)
        app.raw_mail.put(BUCKET, f"incoming/{key}", to_mail(r, authenticated=False))  # unauthenticated: held
        app.ingest.ingest_object(BUCKET, f"incoming/{key}")
        return report_id(report_key(r))

    def failure(key: str, at: datetime) -> str:
        app.failures.record(Failure(f"incoming/{key}", "xml_invalid", "broken", at,
                                    subject=f"Report Domain: {NAME} Submitter: google.com Report-ID: {key}"))
        return f"incoming/{key}"

    now = datetime.now(UTC)
    old_report, old_failure = held("forged"), failure("broken", now - timedelta(days=3))
    app.domain_service.add(NAME, None, ALICE)
    alice, operator = Scope(ALICE, app.domains.get), Scope(LOCAL_OPERATOR, app.domains.get)

    def listed(scope: Scope) -> tuple[int, int]:
        return len(app.held_reports.held(50, scope=scope).items), len(app.failure_service.list(50, scope=scope).items)

    assert listed(alice) == (0, 0)  # from before the registration: another owner's mail, perhaps
    with pytest.raises(UnknownReport):
        app.held_reports.accept(old_report, alice)
    with pytest.raises(NotFound):
        app.failure_service.dismiss(old_failure, alice)
    held("new", datetime.combine(now.date(), datetime.min.time(), UTC))
    failure("new", now)
    assert listed(alice) == (1, 1) and listed(operator) == (2, 2)
    publish(app, "acme")
    app.domain_service.verify("acme", NAME)
    assert listed(Scope(ALICE, app.domains.get)) == (2, 2)  # proven: the older ones are the owner's
