"""The portfolio's pure core: a row's figures from hand-built facts (the overview and pattern analysis they come
from), the stage of a published policy, sorting by every column (ties by name, rows without a value last)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.analysis.common import NoTags
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.portfolio import (
    SORT_KEYS,
    STAGES,
    PortfolioRow,
    default_descending,
    policy_stage,
    portfolio_row,
    sort_rows,
    totals,
)
from chalicelib.dmarc.model import PolicyPublished
from tests.alerting.helpers import OWN_IP, SPOOF_IP, TODAY, fact, registry

pytestmark = pytest.mark.unit
START = TODAY - timedelta(days=29)


def forwarded(day, count):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from chalicelib.analysis.facts import SenderDetail

    return replace(fact(day, "198.51.100.7", count, False), detail=SenderDetail(route="forwarded"))


def row_of(facts: list[Fact], policy: PolicyPublished | None = None, alerts: int = 0) -> PortfolioRow:
    tags = registry()
    return portfolio_row("example.com", overview(facts, policy, START, TODAY), pattern_analysis(facts, tags), alerts)


def test_row_figures_from_facts() -> None:
    facts = [fact(TODAY, OWN_IP, 90), fact(TODAY, OWN_IP, 6, False), fact(TODAY, SPOOF_IP, 3, False),
             fact(TODAY - timedelta(days=1), OWN_IP, 50), forwarded(TODAY, 1)]
    row = row_of(facts, PolicyPublished("example.com", "quarantine", sp="none", testing="y"), alerts=2)
    assert (row.messages, row.own_failing, row.spoofing, row.open_alerts) == (150, 6, 3, 2)
    assert row.dmarc_pass_pct == pytest.approx(100 * 140 / 150, abs=0.01)
    assert (row.stage, row.p, row.sp, row.t) == ("quarantine_test", "quarantine", "none", "y")
    assert row.trend.start == START and len(row.trend.messages) == 30
    assert row.trend.messages[-2:] == (50, 100) and row.trend.pass_pct[-2:] == (100.0, 90.0)
    assert row.trend.pass_pct[0] is None  # no messages that day: a gap, not 0 %


def test_a_domain_without_data() -> None:
    row = row_of([])
    assert (row.messages, row.dmarc_pass_pct, row.stage, row.own_failing, row.spoofing) == (0, None, None, 0, 0)
    assert set(row.trend.pass_pct) == {None}


def test_without_a_registry_every_failure_is_possible_spoofing() -> None:
    facts = [fact(TODAY, OWN_IP, 6, False), fact(TODAY, SPOOF_IP, 3, False)]
    row = portfolio_row("example.com", overview(facts), pattern_analysis(facts, NoTags()), 0)
    assert (row.own_failing, row.spoofing) == (0, 9)


@pytest.mark.parametrize(("p", "testing", "pct", "stage"), [
    ("none", None, None, "none"), ("none", "y", None, "none"),
    ("quarantine", "y", None, "quarantine_test"), ("quarantine", "n", 100, "quarantine"),
    ("quarantine", None, 0, "quarantine_test"), ("reject", "Y", None, "reject_test"),
    ("reject", None, 50, "reject"), ("REJECT", None, None, "reject"),
    ("bogus", None, None, None), (None, None, None, None)])
def test_policy_stage(p: str | None, testing: str | None, pct: int | None, stage: str | None) -> None:
    assert policy_stage(PolicyPublished("example.com", p, testing=testing, pct=pct)) == stage
    assert stage is None or stage in STAGES


def test_no_policy_is_no_stage() -> None:
    assert policy_stage(None) is None


def _row(name: str, messages: int, stage: str | None = "none", alerts: int = 0) -> PortfolioRow:
    from chalicelib.analysis.portfolio import Trend

    return PortfolioRow(name, messages, None if not messages else messages / 10, messages // 3, messages // 5, stage,
                        None, None, None, alerts, Trend(None, (), ()))


ROWS = [_row("c.example", 30, "reject"), _row("a.example", 10, "quarantine_test", 1), _row("b.example", 0, None),
        _row("d.example", 10, "none", 3)]


@pytest.mark.parametrize("key", SORT_KEYS)
def test_every_column_sorts_both_ways(key: str) -> None:
    up = [r.domain for r in sort_rows(ROWS, key, False)]
    down = [r.domain for r in sort_rows(ROWS, key, True)]
    assert sorted(up) == sorted(down) == sorted(r.domain for r in ROWS)
    if key == "domain":
        assert up == ["a.example", "b.example", "c.example", "d.example"] and down == up[::-1]


def test_sort_ties_by_name_and_missing_values_last() -> None:
    assert [r.domain for r in sort_rows(ROWS, "messages", True)] == ["c.example", "a.example", "d.example",
                                                                     "b.example"]
    assert [r.domain for r in sort_rows(ROWS, "messages", False)] == ["b.example", "a.example", "d.example",
                                                                      "c.example"]
    # pass % and stage: b.example has none, so it is last both ways
    assert [r.domain for r in sort_rows(ROWS, "dmarc_pass_pct", False)][-1] == "b.example"
    assert [r.domain for r in sort_rows(ROWS, "dmarc_pass_pct", True)][-1] == "b.example"
    assert [r.domain for r in sort_rows(ROWS, "stage", False)] == ["d.example", "a.example", "c.example",
                                                                   "b.example"]
    assert [r.domain for r in sort_rows(ROWS, "stage", True)] == ["c.example", "a.example", "d.example",
                                                                  "b.example"]
    assert [r.domain for r in sort_rows(ROWS, "open_alerts", True)][:2] == ["d.example", "a.example"]


def test_default_orders_and_totals() -> None:
    assert not default_descending("domain") and not default_descending("stage") and default_descending("spoofing")
    found = totals(ROWS)
    assert (found.domains, found.messages, found.open_alerts) == (4, 50, 4)
    assert (found.with_own_failing, found.with_spoofing) == (3, 3)
    assert dict(found.stages) == {"none": 1, "quarantine_test": 1, "quarantine": 0, "reject_test": 0, "reject": 1,
                                  "unknown": 1}
