"""The portfolio's rows from the portfolio digests equal the slow path's rows (AnalysesService.summary: the day
summaries and every report's policy), column by column, on the same data: reports ingested through the use case
(several reporters a day, policies changing, reports spanning two days, own and spoofed mail), after a registry
edit, after new reports, for an unproven domain and for ranges the digest does or does not cover; and once a
digest is current, the rows are made without the slow path."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.analysis.portfolio import PortfolioRow
from chalicelib.dmarc.model import AggregateReport, PolicyPublished, Record, ReportMetadata
from chalicelib.ports.ingest import Domain
from chalicelib.provenance import operator
from chalicelib.registry import make_entry
from chalicelib.services.analyses import DayRange
from chalicelib.services.portfolio import PortfolioService
from tests.ingest.reportgen import record
from tests.offline import offline_settings

pytestmark = pytest.mark.unit
TODAY = date(2026, 3, 31)
RANGE = DayRange(TODAY - timedelta(days=29), TODAY)
PROVEN, OTHER, UNPROVEN = "proven.example", "other.example", "unproven.example"
REPORTERS = ("google.com", "Outlook.com", "yahoo.com")


def policy(domain: str, day: date, reporter: str) -> PolicyPublished:
    """Stages move on every 9 days; one reporter lags a day behind and states t=y and fo, another leaves sp out."""
    seen = day - timedelta(days=1) if reporter == "yahoo.com" else day
    p = ("none", "quarantine", "reject", "reject")[min(3, (seen - RANGE.start).days // 9)]
    return PolicyPublished(domain, p, None if reporter == "Outlook.com" else "none",
                           testing="y" if reporter == "yahoo.com" else None,
                           fo="1" if reporter == "yahoo.com" else None, pct=100)


def a_report(domain: str, day: date, reporter: str, n: int, hours: int = 0) -> AggregateReport:
    """One reporter's report of a day (from `hours` past midnight for 24 hours: two UTC days when not 0)."""
    begin = datetime.combine(day, time(), UTC) + timedelta(hours=hours)
    records: list[Record] = [record(n * 7 + k, count=5 + k, domain=domain, passing=k % 3 != 2) for k in range(6)]
    if n % 2:  # a spoofed source outside the registry
        records.append(replace(record(1, count=3, domain=domain, passing=False), source_ip=_ip(f"203.0.113.{n % 200}")))
    meta = ReportMetadata(reporter, f"{reporter}-{day}-{n}", begin, begin + timedelta(hours=24, seconds=-1))
    return AggregateReport("rfc7489", "1.0", meta, policy(domain, day, reporter), tuple(records))


def _ip(text: str):  # type: ignore[no-untyped-def]
    from ipaddress import ip_address

    return ip_address(text)


def ingest(app: wiring.Container, domain: str, days: list[date], offset: int = 0) -> None:
    for n, day in enumerate(days):
        for r, reporter in enumerate(REPORTERS):
            found = a_report(domain, day, reporter, offset + n * 3 + r, hours=12 if r == 1 and n % 4 == 0 else 0)
            app.ingest.store(found, f"incoming/cli-{domain}-{day}-{reporter}-{offset}", operator())


@pytest.fixture
def app() -> wiring.Container:
    built = wiring.bootstrap(offline_settings(), **memory_adapters())
    built.digest_keeper.today = lambda: TODAY
    for name in (PROVEN, OTHER):
        built.domain_service.add(name)  # by the operator: proven, its digest built at once
        built.registry.put(name, make_entry("10.0.0.0/26", "own"))  # type: ignore[attr-defined]
    created = datetime.combine(TODAY - timedelta(days=9), time(8), UTC)  # unproven: nothing before its day shows
    built.domains.items[UNPROVEN] = Domain(UNPROVEN, created, org="acme")  # type: ignore[attr-defined]
    built.registry.put(UNPROVEN, make_entry("10.0.0.0/28", "own"))  # type: ignore[attr-defined]
    days = [RANGE.start + timedelta(days=n) for n in range(RANGE.days)]
    for name in (PROVEN, OTHER, UNPROVEN):
        ingest(built, name, days)
    return built


def slow_rows(app: wiring.Container, days: DayRange) -> dict[str, PortfolioRow]:
    """Every row by the slow path alone (no digests)."""
    service = PortfolioService(app.analyses, app.alert_stores.states, app.domains, workers=1)
    return {r.domain: r for r in service.rows(service.active_domains(), days)}


def digest_rows(app: wiring.Container, days: DayRange) -> tuple[dict[str, PortfolioRow], list[str]]:
    """Every row as the portfolio makes it (TTL 0), and the domains that took the slow path."""
    service = PortfolioService(app.analyses, app.alert_stores.states, app.domains, workers=1, ttl_seconds=0,
                               digests=app.digest_keeper, registry=app.registry_service)
    slow: list[str] = []
    row = service.row

    def counted(domain: Domain, days: DayRange) -> PortfolioRow:
        slow.append(domain.name)
        return row(domain, days)

    service.row = counted  # type: ignore[method-assign]
    return {r.domain: r for r in service.rows(service.active_domains(), days)}, slow


def assert_same(app: wiring.Container, days: DayRange = RANGE) -> list[str]:
    made, slow = digest_rows(app, days)
    assert made == slow_rows(app, days)
    return slow


def test_rows_from_digests_equal_the_slow_path(app: wiring.Container) -> None:
    assert assert_same(app) == [UNPROVEN]  # never claimed: its digest has days, and no coverage yet
    assert assert_same(app) == []  # written back: every row from the digests now
    rows = slow_rows(app, RANGE)
    assert {r.stage for r in rows.values()} == {"reject_test"} and rows[PROVEN].own_failing > 0
    assert rows[PROVEN].spoofing > 0 and rows[UNPROVEN].messages < rows[PROVEN].messages
    assert rows[UNPROVEN].trend.messages[:20] == (0,) * 20  # nothing before its registration day


def test_the_stage_follows_the_reports_of_the_last_day(app: wiring.Container) -> None:
    early = DayRange(RANGE.start, RANGE.start + timedelta(days=9))
    assert assert_same(app, early) == []  # the unproven domain shows nothing of it: its digest reads no day
    row = digest_rows(app, early)[0][PROVEN]
    # its last day: google and Outlook say quarantine, yahoo (a day behind) and Outlook's report of the day
    # before (from noon) say none; the tie goes to the range's majority. Only yahoo states t.
    assert (row.p, row.sp, row.t, row.stage) == ("none", "none", "y", "none")


def test_a_registry_edit_takes_the_slow_path_once(app: wiring.Container) -> None:
    assert_same(app)
    before = slow_rows(app, RANGE)[PROVEN]
    app.registry_service.create(PROVEN, "10.0.0.0/25", "own")
    assert assert_same(app) == [PROVEN]
    assert assert_same(app) == []
    assert slow_rows(app, RANGE)[PROVEN].own_failing > before.own_failing


def test_a_registry_part_made_by_another_view_updates_the_digest(app: wiring.Container) -> None:
    assert_same(app)
    app.registry_service.create(OTHER, "10.0.0.0/25", "own")
    app.analyses.patterns(OTHER, RANGE)  # the domain's own view makes the registry parts again
    assert assert_same(app) == []


def test_new_reports_are_in_the_next_rows_without_the_slow_path(app: wiring.Container) -> None:
    assert_same(app)
    before = slow_rows(app, RANGE)[OTHER]
    ingest(app, OTHER, [TODAY], offset=500)  # a second round of reports for the last day
    assert assert_same(app) == []
    after = slow_rows(app, RANGE)[OTHER]
    assert after.messages > before.messages and after.trend.messages[-1] > before.trend.messages[-1]


def test_a_report_that_stops_counting_leaves_the_digest(app: wiring.Container) -> None:
    assert_same(app)
    held = a_report(OTHER, TODAY, "google.com", 900)
    app.ingest.store(held, "incoming/late-google", operator())
    key = f"{OTHER}|google.com|google.com-{TODAY}-900"
    app.reports.set_status(key, app.reports.get(key).status.HELD)  # type: ignore[union-attr]
    app.reprocess.rebuild(OTHER, [TODAY])
    app.digest_keeper.refresh(OTHER, [TODAY])
    assert assert_same(app) == []


def test_ranges_the_digest_does_not_cover_take_the_slow_path(app: wiring.Container) -> None:
    assert_same(app)
    longer = DayRange(TODAY - timedelta(days=500), TODAY)  # past the days a digest keeps (but not what the
    assert set(assert_same(app, longer)) == {PROVEN, OTHER}  # unproven domain shows of it)
    later = DayRange(TODAY - timedelta(days=20), TODAY + timedelta(days=5))
    assert assert_same(app, later) == []


def test_open_alerts_are_counted_by_the_alert_use_cases(app: wiring.Container) -> None:
    from chalicelib.alerting.inputs import Window
    from chalicelib.alerting.rules import RuleKind
    from chalicelib.alerting.state import AlertState

    at = datetime.combine(TODAY, time(), UTC)
    app.alert_stores.states.put(AlertState(PROVEN, "gone", "spoofing", RuleKind.SPOOFING, "", at, at,
                                           Window(TODAY, TODAY), (), "spoofing"))
    made, slow = digest_rows(app, RANGE)  # its digest (built at the claim) had no count yet: counted, and kept
    assert made[PROVEN].open_alerts == 1 and PROVEN not in slow
    assert app.digests.get(PROVEN).open_alerts == 1  # type: ignore[union-attr]
    app.digest_keeper.open_alerts(PROVEN, 2)  # as an evaluation that opened another would tell
    assert digest_rows(app, RANGE)[0][PROVEN].open_alerts == 2
    registered = app.domains.get(PROVEN)
    assert registered is not None
    app.alerts.evaluate_domain(registered)  # its rule is gone: the evaluation closes it and tells the count
    assert app.digests.get(PROVEN).open_alerts == 0  # type: ignore[union-attr]
    assert assert_same(app) == []


class LaggingIndex:
    """Policies.seen as an index that does not show some reports yet."""

    def __init__(self, policies: object) -> None:
        self.policies, self.hidden = policies, set()  # type: ignore[var-annotated]

    def seen(self, domain: str, start: date, end: date) -> list:  # type: ignore[type-arg]
        return [r for r in self.policies.seen(domain, start, end)  # type: ignore[attr-defined]
                if r.report_id not in self.hidden]


def test_writers_keep_each_others_reports_while_the_index_lags(app: wiring.Container) -> None:
    assert_same(app)
    lagging = LaggingIndex(app.policies)
    app.digest_keeper.policies = lagging  # type: ignore[assignment]
    now = [2_000_000_000.0]
    app.digest_keeper.clock = lambda: now[0]
    for n in range(5):  # each writer's read of the index shows none of these reports yet
        report = a_report(OTHER, TODAY, f"late{n}.example", 700 + n)
        lagging.hidden.add(report.metadata.report_id)
        app.ingest.store(replace(report, policy=replace(report.policy, p="quarantine")), f"incoming/lag-{n}",
                         operator())
    assert assert_same(app) == []  # every one counted: each writer applied the others' pending ones
    assert slow_rows(app, RANGE)[OTHER].p == "quarantine"  # five of the last day's nine reports
    lagging.hidden.clear()
    now[0] += 2 * 3600  # the index has caught up long since: the next writer keeps none pending
    app.digest_keeper.refresh(OTHER, [TODAY])
    assert app.digests.get(OTHER).pending == ()  # type: ignore[union-attr]
    assert assert_same(app) == []
