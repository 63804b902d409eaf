"""The analyses on fakes: overview with the latest reported policy, tags applied at query time (a registry
edit changes the next answer), spoofing lists unregistered sources, unknown domains are refused."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.analysis.daily import facts_by_day
from chalicelib.errors import UnknownDomain
from chalicelib.ports.ingest import Status
from chalicelib.services.analyses import DayRange
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN, OWN_IP, SPOOF_IP, fact
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()
RANGE = DayRange(D, D + timedelta(days=6))


@pytest.fixture
def loaded(app: Container) -> Container:
    app.domains.add(DOMAIN)
    app.registry_service.create(DOMAIN, "192.0.2.0/24", "newsletter")
    for n in range(3):
        day = D + timedelta(days=n)
        app.rollups.merge(DOMAIN, day, f"u{n}", [fact(day, OWN_IP, 100, True), fact(day, SPOOF_IP, 10, False)])
    r = report("last", org="receiver.example", begin=DAY0 + timedelta(days=2), records=1)
    app.reports.create("k-last", r, "incoming/x", Status.APPLIED)
    return app


def test_overview_and_policy(loaded: Container) -> None:
    overview, policy = loaded.analyses.overview(DOMAIN, RANGE)
    assert overview.messages == 330 and overview.sources == 2 and overview.dmarc_pass == 300
    assert policy is not None and (policy.reporter, policy.report_id) == ("receiver.example", "last")


def test_tags_follow_registry_edits(loaded: Container) -> None:
    rows = {row.tag: row.messages for row in loaded.analyses.tags(DOMAIN, RANGE).rows}
    assert rows == {"newsletter": 300, None: 30}
    loaded.registry_service.create(DOMAIN, SPOOF_IP, "partner")
    rows = {row.tag: row.messages for row in loaded.analyses.tags(DOMAIN, RANGE).rows}
    assert rows == {"newsletter": 300, "partner": 30}


def test_spoofing_lists_unregistered_sources(loaded: Container) -> None:
    page = loaded.analyses.spoofing(DOMAIN, RANGE, 0, 50, False)
    assert page.unregistered_fail == 30 and [s.source_ip for s in page.items] == [SPOOF_IP]


def test_an_unknown_domain_is_refused(app: Container) -> None:
    with pytest.raises(UnknownDomain):
        app.analyses.patterns("nobody.example", RANGE)


def test_ingested_facts_are_what_the_analyses_count(app: Container) -> None:
    app.domains.add(DOMAIN)
    r = report(records=4, count=3)
    for day, facts in facts_by_day(r).items():
        app.rollups.merge(DOMAIN, day, "k", facts)
    assert app.analyses.overview(DOMAIN, RANGE)[0].messages == r.message_count
