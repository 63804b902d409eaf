"""The portfolio and bulk onboarding on fakes: 200 domains, each row equal to the domain's own overview and
pattern analysis, sorting and paging over all of them, only the domains given; onboarding adds every domain of a
good file with its DNS records, and nothing of a file with a bad line."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bench.portfolio_data import DAYS, LAST_DAY, clients, load
from chalicelib.analysis.portfolio import STAGES, PortfolioRow
from chalicelib.errors import ImportRejected, InvalidInput
from chalicelib.services.analyses import DayRange
from chalicelib.wiring import Container

pytestmark = pytest.mark.unit
N = 200
RANGE = DayRange(LAST_DAY - timedelta(days=DAYS - 1), LAST_DAY)


@pytest.fixture(scope="module")
def portfolio() -> Container:
    """One 200-domain container for the read-only tests of this module (loading it takes a second)."""
    from chalicelib import wiring
    from chalicelib.adapters.memory import memory_adapters
    from tests.offline import offline_settings

    built = wiring.bootstrap(offline_settings(), **memory_adapters())
    load(built, N)
    return built


def test_every_domain_has_its_row_with_the_figures_of_its_own_views(portfolio: Container) -> None:
    service = portfolio.portfolio
    found = service.portfolio(service.active_domains(), RANGE, "domain", False, 0, None)
    assert found.totals.domains == N and [r.domain for r in found.rows] == [c.name for c in clients(N)]
    for c, row in list(zip(clients(N), found.rows, strict=True))[::13]:
        overview, _ = portfolio.analyses.overview(c.name, RANGE)
        patterns = portfolio.analyses.patterns(c.name, RANGE)
        assert (row.messages, row.dmarc_pass_pct) == (overview.messages, overview.dmarc_pass_pct)
        assert (row.own_failing, row.spoofing) == (patterns.tagged_fail, patterns.spoofing_fail)
        assert (row.own_failing > 0, row.spoofing > 0) == (c.own_failing, c.spoofed)
        assert (row.p, row.t, row.open_alerts) == (c.p, c.t, c.open_alerts)
        assert len(row.trend.pass_pct) == DAYS and row.trend.start == RANGE.start
    assert dict(found.totals.stages) == {**{s: N // len(STAGES) for s in STAGES}, "unknown": 0}
    assert found.totals.messages == sum(r.messages for r in found.rows)


def test_sorted_and_paged_over_all_domains(portfolio: Container) -> None:
    service = portfolio.portfolio
    everything = service.portfolio(service.active_domains(), RANGE, "spoofing", True, 0, None).rows
    spoofing = [r.spoofing for r in everything]
    assert spoofing == sorted(spoofing, reverse=True) and spoofing[0] > 0
    pages = [service.portfolio(service.active_domains(), RANGE, "spoofing", True, offset, 120).rows
             for offset in (0, 120)]
    assert [r.domain for page in pages for r in page] == [r.domain for r in everything]
    assert [len(p) for p in pages] == [120, 80]


def test_only_the_domains_given(portfolio: Container) -> None:
    service = portfolio.portfolio
    some = [d for d in service.active_domains() if d.name.endswith(("1.example", "7.example"))]
    found = service.portfolio(some, RANGE, "messages", True, 0, 1000)
    assert {r.domain for r in found.rows} == {d.name for d in some} and found.totals.domains == len(some) == 40


def test_a_removed_domain_leaves_the_portfolio(app: Container) -> None:
    load(app, 3)
    app.domain_service.remove("client-000.example")
    service = app.portfolio
    rows = service.portfolio(service.active_domains(), RANGE, "domain", False, 0, 5).rows
    assert rows[0].domain == "client-001.example"


def test_onboarding_adds_every_domain_with_its_records(app: Container) -> None:
    app.domains.add("old.example")
    done = app.onboarding.onboard_csv(b"domain,display_name\nnew.example,New Co\nold.example\n")
    assert [(d.line, d.domain, d.display_name, d.added) for d in done] == [
        (2, "new.example", "New Co", True), (3, "old.example", "", False)]
    rua = app.settings.mail.rua_address
    assert [(r.name, r.value) for r in done[0].records][0] == ("_dmarc.new.example",
                                                               f"v=DMARC1; p=none; rua=mailto:{rua}")
    assert app.domains.get("new.example").display_name == "New Co"  # type: ignore[union-attr]


def test_onboarding_adds_nothing_when_a_line_is_bad(app: Container) -> None:
    with pytest.raises(ImportRejected) as caught:
        app.onboarding.onboard_csv(b"good.example\nbad domain\n" + b"".join(b"x%d\n" % n for n in range(150)))
    assert caught.value.problems[0].line == 2 and len(caught.value.problems) == 100 and caught.value.more == 51
    assert caught.value.code == "import_rejected_more" and caught.value.params["count"] == 151
    assert app.domains.list() == []


def test_onboarding_refuses_a_body_too_large_before_reading_it(app: Container) -> None:
    with pytest.raises(InvalidInput) as caught:
        app.onboarding.onboard_csv(b"\xff" * (256 * 1024 + 1))
    assert (caught.value.code, caught.value.field) == ("body_too_large", "file")



def test_rows_are_kept_for_the_ttl_then_made_again(app: Container) -> None:
    from chalicelib.services.portfolio import PortfolioService

    load(app, 3)
    now = [0.0]
    service = PortfolioService(app.analyses, app.alert_stores.states, app.domains, workers=2, ttl_seconds=60,
                               clock=lambda: now[0])

    def first() -> PortfolioRow:
        return service.portfolio(service.active_domains(), RANGE, "domain", False, 0, 10).rows[0]

    before = first()
    late = app.rollups.facts(before.domain, LAST_DAY, LAST_DAY)[:1]
    app.rollups.merge(before.domain, LAST_DAY, "a late report", late)
    now[0] = 59.0
    assert first() == before  # sorting and paging within the TTL reuse the rows
    now[0] = 61.0
    assert first().messages == before.messages + late[0].count
