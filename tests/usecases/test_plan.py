"""The plan use case on fakes: the current published policy from the reports store, facts from the rollups, tags
from the registry, the live record from a fixed zone (a DNS that cannot answer leaves this deployment's rua).
Where reporters disagree, the plan's current stage, the simulation's default proposal, the overview and the
policy drift view name the same policy."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.memory import memory_adapters
from chalicelib.analysis.simulate import Proposal
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.errors import UnknownDomain
from chalicelib.ports.dns import DnsError
from chalicelib.ports.ingest import Status
from chalicelib.services.analyses import DayRange
from tests.alerting.helpers import DOMAIN, OWN_IP, SPOOF_IP, fact
from tests.ingest.reportgen import DAY0, report
from tests.offline import offline_settings

D = DAY0.date()
RANGE = DayRange(D, D + timedelta(days=6))
LIVE = "v=DMARC1; p=none; rua=mailto:agg@example.com; fo=1"


class Unanswered(ZoneResolver):
    def txt(self, name: str) -> tuple[str, ...] | None:
        raise DnsError("timeout")


def build(resolver: ZoneResolver) -> wiring.Container:
    app = wiring.bootstrap(offline_settings(), **memory_adapters(), resolver=resolver)
    app.domains.add(DOMAIN)
    app.registry_service.create(DOMAIN, "192.0.2.0/24", "newsletter")
    for n in range(3):
        day = D + timedelta(days=n)
        app.rollups.merge(DOMAIN, day, f"u{n}", [fact(day, OWN_IP, 100, n != 2), fact(day, SPOOF_IP, 10, False)])
    first = report("a", org="google.com", begin=DAY0, records=1)
    app.reports.create("k-a", first, "incoming/a", Status.APPLIED)
    later = report("b", org="Yahoo", begin=DAY0 + timedelta(days=2), records=1)
    app.reports.create("k-b", replace(later, policy=replace(later.policy, p="quarantine", testing="y")),
                       "incoming/b", Status.APPLIED)
    return app


@pytest.fixture
def app() -> wiring.Container:
    return build(ZoneResolver({f"_dmarc.{DOMAIN}": {"TXT": [LIVE]}}))


def test_plan_on_fakes(app: wiring.Container) -> None:
    answer = app.plan.plan(DOMAIN, RANGE)
    p = answer.plan
    # Yahoo's report is the only one of the last day; google.com's p=none came before it: history, not drift.
    assert (p.current.reporters, p.current.differing) == (2, ())
    assert (p.current.stage and p.current.stage.name, p.current.agree, p.next and p.next.name) == (
        "quarantine_testing", True, "quarantine")
    assert (p.own_messages, p.own_hit) == (300, 100)  # the newsletter failed on the third day
    assert [(s.name, s.hit) for s in p.senders] == [("newsletter", 100)]
    rua = app.settings.mail.rua_address
    assert answer.record.value == f"v=DMARC1; p=quarantine; fo=1; rua=mailto:agg@example.com,mailto:{rua}"
    assert answer.live == LIVE and answer.dns_answered


def test_a_dns_that_cannot_answer_leaves_this_deployments_rua() -> None:
    answer = build(Unanswered({})).plan.plan(DOMAIN, RANGE)
    assert not answer.dns_answered and answer.live is None
    assert answer.record.value == f"v=DMARC1; p=quarantine; rua=mailto:{offline_settings().mail.rua_address}"


def test_unknown_domain(app: wiring.Container) -> None:
    with pytest.raises(UnknownDomain):
        app.plan.plan("unknown.example", RANGE)


def test_where_reporters_disagree_the_plan_the_simulation_and_the_drift_view_name_one_policy() -> None:
    # google.com and Outlook.com see p=none each day; Yahoo sees p=quarantine adkim=s on the last two days, and
    # its report is the newest of each day: the newest report alone would say quarantine.
    app = wiring.bootstrap(offline_settings(), **memory_adapters(), resolver=ZoneResolver({}))
    app.domains.add(DOMAIN)
    stale = PolicyPublished(domain=DOMAIN, p="quarantine", adkim="s")
    for n in range(3):
        begin = DAY0 + timedelta(days=n)
        for org in ("google.com", "Outlook.com"):
            app.reports.create(f"k-{org}-{n}", report(f"{org}-{n}", org=org, begin=begin, records=1), "incoming/x",
                               Status.APPLIED)
        if n:
            yahoo = report(f"y-{n}", org="Yahoo", begin=begin + timedelta(hours=1), days=0.9, records=1)
            app.reports.create(f"k-y-{n}", replace(yahoo, policy=stale), "incoming/y", Status.APPLIED)
    days = DayRange(D, D + timedelta(days=2))
    current = app.plan.plan(DOMAIN, days).plan.current
    default = app.simulation.simulate(DOMAIN, days, {}).simulation.proposal
    drift = app.policy.drift(DOMAIN, days)
    overview_policy = app.analyses.overview(DOMAIN, days)[0].policy
    assert drift.latest is not None and overview_policy is not None
    assert current.proposal == default == Proposal.of(drift.latest) == Proposal.of(overview_policy)
    assert (default.p, default.adkim, current.stage and current.stage.name) == ("none", "r", "none")
    assert [f.reporter for f in current.differing] == [f.reporter for f in drift.findings] == ["Yahoo"]
    assert not current.agree and drift.drift and current.reporters == 3
