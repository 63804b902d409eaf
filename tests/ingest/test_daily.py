"""Daily bucketing: proportional split with exact integer totals, odd ranges."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.analysis.daily import MAX_SPAN_DAYS, apportion, day_weights, distribute, facts_by_day, report_facts
from chalicelib.dmarc.model import AggregateReport
from tests.ingest.reportgen import DAY0, report


def test_one_day_report_stays_on_its_day() -> None:
    facts = report_facts(report(records=10, count=7))
    assert {f.day for f in facts} == {DAY0.date()}
    assert sum(f.count for f in facts) == 70


def test_two_day_report_is_split_in_proportion() -> None:
    r = report(records=1, count=100, begin=DAY0 + timedelta(hours=18), days=1)  # 6 h on day 1, 18 h on day 2
    days = facts_by_day(r)
    assert {d: sum(f.count for f in fs) for d, fs in days.items()} == {date(2026, 3, 1): 25, date(2026, 3, 2): 75}


def test_multi_day_totals_are_exact() -> None:
    r = report(records=40, count=3, begin=DAY0 + timedelta(hours=5), days=3.3)
    assert len(day_weights(r.metadata.begin, r.metadata.end)) == 4
    days = facts_by_day(r)
    assert sum(f.count for fs in days.values() for f in fs) == r.message_count


def test_zero_and_reversed_ranges_use_the_begin_day() -> None:
    assert day_weights(DAY0, DAY0) == {DAY0.date(): 1}
    assert day_weights(DAY0, DAY0 - timedelta(days=3)) == {DAY0.date(): 1}


def test_absurdly_long_ranges_go_to_the_end_day() -> None:
    end = DAY0 + timedelta(days=MAX_SPAN_DAYS + 300)
    assert day_weights(DAY0, end) == {(end - timedelta(microseconds=1)).date(): 1}


def test_conventional_day_end_at_midnight_touches_one_day() -> None:
    assert day_weights(DAY0, DAY0 + timedelta(days=1)) == {DAY0.date(): 86400}


def test_apportion_largest_remainder() -> None:
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(1, [10, 30]) == [0, 1]
    assert apportion(0, [5, 5]) == [0, 0]


@given(st.integers(0, 10**9), st.lists(st.integers(1, 86400), min_size=1, max_size=40))
def test_apportion_sums_exactly(total: int, weights: list[int]) -> None:
    shares = apportion(total, weights)
    assert sum(shares) == total and all(s >= 0 for s in shares)
    whole = sum(weights)
    assert all(abs(s - total * w / whole) < 1 for s, w in zip(shares, weights, strict=True))


@given(st.integers(0, 40 * 86400), st.integers(0, 40 * 86400))
def test_weights_cover_every_day_touched(start: int, length: int) -> None:
    begin = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=start)
    weights = day_weights(begin, begin + timedelta(seconds=length))
    assert weights and all(w > 0 for w in weights.values())
    days = sorted(weights)
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]


def _day_totals(r: AggregateReport) -> dict[date, int]:
    return {d: sum(f.count for f in fs) for d, fs in facts_by_day(r).items()}


def _exact_shares(r: AggregateReport) -> dict[date, Fraction]:
    weights = day_weights(r.metadata.begin, r.metadata.end)
    whole = sum(weights.values())
    return {d: Fraction(r.message_count * w, whole) for d, w in weights.items()}


def _assert_fair(r: AggregateReport) -> None:
    totals, exact = _day_totals(r), _exact_shares(r)
    assert sum(totals.values()) == r.message_count
    assert all(abs(totals.get(d, 0) - share) < 1 for d, share in exact.items()), (totals, exact)


def test_many_one_message_records_over_two_days_follow_the_overlap() -> None:
    r = report(records=1000, count=1, begin=DAY0 + timedelta(hours=18), days=1)  # 6 h, then 18 h - 1 s
    assert len({rec.source_ip for rec in r.records}) == 1000  # every record its own fact key
    assert _day_totals(r) == {date(2026, 3, 1): 250, date(2026, 3, 2): 750}
    _assert_fair(r)


def test_many_one_message_records_over_three_days_follow_the_overlap() -> None:
    r = report(records=999, count=1, begin=DAY0 + timedelta(hours=20), days=1.5)  # 4 h, 24 h, 8 h - 1 s
    totals = _day_totals(r)
    assert list(totals.values()) == [111, 666, 222]
    _assert_fair(r)


def test_each_record_keeps_its_count() -> None:
    r = report(records=37, count=5, begin=DAY0 + timedelta(hours=7), days=2.2)
    by_ip: dict[str, int] = {}
    for f in report_facts(r):
        by_ip[f.source_ip] = by_ip.get(f.source_ip, 0) + f.count
    assert by_ip == {str(rec.source_ip): rec.count for rec in r.records}


@given(st.lists(st.integers(1, 50), min_size=1, max_size=60), st.integers(0, 86399), st.integers(1, 4 * 86400))
def test_uneven_overlaps_stay_within_one_message_of_the_share(counts: list[int], offset: int, span: int) -> None:
    begin = DAY0 + timedelta(seconds=offset)
    base = report(records=len(counts), begin=begin, days=span / 86400 + 1 / 86400)
    r = replace(base, records=tuple(replace(rec, count=n) for rec, n in zip(base.records, counts, strict=True)))
    _assert_fair(r)


@given(st.lists(st.integers(0, 10**6), max_size=30), st.lists(st.integers(1, 86400), min_size=1, max_size=5))
def test_distribute_conserves_rows_and_columns(counts: list[int], weights: list[int]) -> None:
    rows = distribute(counts, weights)
    assert [sum(row) for row in rows] == counts
    assert [sum(col) for col in zip(*rows, strict=True)] == (apportion(sum(counts), weights) if rows else [])
    assert all(share >= 0 for row in rows for share in row)
