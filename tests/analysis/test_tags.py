from __future__ import annotations

from chalicelib.analysis.common import DayColumns, DayPoint
from chalicelib.analysis.tags import tag_analysis
from chalicelib.registry import make_entry
from tests.analysis.known import D1, D2, FACTS, matcher


def _row(r):
    return (r.tag, r.sources, r.messages, r.pct, r.spf_pass, r.spf_fail, r.spf_aligned, r.dkim_pass, r.dkim_fail,
            r.dkim_aligned, r.dmarc_pass, r.dmarc_fail, r.dmarc_pass_pct, r.patterns)


def test_tags_by_hand() -> None:
    report = tag_analysis(FACTS, matcher())
    assert report.messages == 225
    assert [_row(r) for r in report.rows] == [
        ("mail", 1, 100, 44.44, 100, 0, 100, 100, 0, 100, 100, 0, 100.0, (0, 0, 0, 0)),
        ("v6", 1, 40, 17.78, 0, 40, 0, 40, 0, 40, 40, 0, 100.0, (0, 0, 0, 0)),
        ("crm", 1, 25, 11.11, 25, 0, 0, 20, 5, 0, 0, 25, 0.0, (20, 0, 5, 0)),
        (None, 2, 60, 26.67, 5, 55, 5, 10, 50, 0, 5, 55, 8.33, (0, 10, 0, 45)),
    ]
    by_tag = {r.tag: r.daily.points() for r in report.rows}
    assert by_tag["crm"] == (DayPoint(D1, 20, 0, 20), DayPoint(D2, 5, 0, 5))
    assert by_tag[None] == (DayPoint(D1, 5, 5, 0), DayPoint(D2, 55, 0, 55))


def test_daily_series_over_a_range() -> None:
    report = tag_analysis(FACTS, matcher(), start=D1, end=D2)
    assert report.rows[0].daily == DayColumns(D1, (100, 0), (100, 0), (0, 0), (0, 0))
    assert report.rows[0].daily.points() == (DayPoint(D1, 100, 100, 0), DayPoint(D2, 0, 0, 0))
    assert tag_analysis([], matcher()).rows == ()


def test_registry_edit_changes_rows_at_once() -> None:
    report = tag_analysis(FACTS, matcher(make_entry("198.51.100.7", "office")))
    rows = {r.tag: r for r in report.rows}
    assert (rows["office"].messages, rows["office"].dmarc_fail, rows["office"].patterns) == (20, 15, (0, 0, 0, 15))
    assert (rows[None].messages, rows[None].sources) == (40, 1)


def test_day_columns_span_the_days_with_data_zeros_between() -> None:
    from datetime import timedelta

    from chalicelib.analysis.common import day_columns, day_series

    d3 = D1 + timedelta(days=2)
    totals, passes, unknowns = {D1: 5, d3: 7}, {D1: 5, d3: 1}, {d3: 2}
    columns = day_columns(totals, passes, unknowns=unknowns)
    assert columns == DayColumns(D1, (5, 0, 7), (5, 0, 1), (0, 0, 4), (0, 0, 2))
    assert columns.points() == day_series(totals, passes, D1, d3, unknowns)
    assert day_columns({}, {}) == DayColumns(None, (), (), (), ()) and day_columns({}, {}).points() == ()
