"""The plan use case on fakes: each reporter's latest policy from the reports store, facts from the rollups, tags
from the registry, the live record from a fixed zone (a DNS that cannot answer leaves this deployment's rua)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.memory import memory_adapters
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.errors import UnknownDomain
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.dns import DnsError
from chalicelib.ports.ingest import Status
from chalicelib.services.analyses import DayRange
from chalicelib.services.plan import newest_per_reporter
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
    assert [(s.reporter, s.stage) for s in p.current.seen] == [("Yahoo", "quarantine_testing"), ("google.com", "none")]
    assert (p.current.stage and p.current.stage.name, p.current.agree, p.next and p.next.name) == (
        "quarantine_testing", False, "quarantine")
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


def test_each_reporters_newest_report_sets_its_policy_newest_first() -> None:
    def seen(reporter: str, day: int, p: str) -> ReportedPolicy:
        return ReportedPolicy(PolicyPublished(domain="example.com", p=p), reporter, f"{reporter}-{day}",
                              datetime(2026, 5, day, tzinfo=UTC))

    oldest_first = [seen("a", 1, "none"), seen("b", 2, "none"), seen("a", 3, "quarantine"), seen("c", 3, "reject")]
    newest = newest_per_reporter(oldest_first)
    assert [(r.reporter, r.policy.p) for r in newest] == [("c", "reject"), ("a", "quarantine"), ("b", "none")]
    assert newest_per_reporter([]) == []
