"""A month of day summaries merged into one part answers every analysis as its days do (and so as the facts do):
on generated facts over two months (hypothesis, as tests/analysis/test_summed.py), with parts and loose days
mixed, and on a generated quarter."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analysis import summed
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.months import merge_days, month_end, month_of
from chalicelib.registry import Matcher, make_entry
from tests.analysis import generate, known
from tests.analysis.test_summed import assert_same, facts_strategy, summed_days

pytestmark = pytest.mark.unit


def by_month(days: Sequence[summed.SummedDay], loose: frozenset[date] = frozenset()) -> list[summed.SummedDay]:
    """Each month's days merged, except the months in `loose` (kept as days)."""
    out: list[summed.SummedDay] = []
    for month in sorted({month_of(d.day) for d in days}):
        mine = [d for d in days if month_of(d.day) == month]
        merged = None if month in loose else merge_days(mine, 1)
        out += mine if merged is None else [merged]
    return out


def assert_months_answer_as_days(facts: Sequence[Fact], tags: Matcher, start: date, end: date) -> None:
    days = summed_days(facts, tags)
    for parts in (by_month(days), by_month(days, frozenset({month_of(start)}))):
        assert summed.overview(parts, None, start, end) == summed.overview(days, None, start, end)
        assert summed.patterns(parts) == summed.patterns(days)
        assert summed.tags(parts, start, end) == summed.tags(days, start, end)
        assert summed.readiness(parts, 1.0) == summed.readiness(days, 1.0)
        for offset, limit, failing in ((0, 50, False), (0, 2, True), (1, 3, False), (5, 1000, True)):
            assert summed.spoofing(parts, offset, limit, failing) == summed.spoofing(days, offset, limit, failing)


START = date(2025, 3, 28)  # facts_strategy's days are 0..4 after test_summed.START (March 1); moved to span April


@settings(max_examples=200, deadline=None)
@given(facts_strategy, st.booleans(), st.integers(0, 40))
def test_months_answer_as_their_days(facts: list[Fact], service_entry: bool, shift: int) -> None:
    moved = [f.__class__(**{**{k: getattr(f, k) for k in f.__dataclass_fields__},
                            "day": f.day + timedelta(days=shift * 7)}) for f in facts]
    extra = [make_entry("service:sendgrid", "esp")] if service_entry else []
    tags = Matcher([*known.entries(), make_entry("10.0.0.0/24", "ten"), *extra])
    start, end = date(2025, 3, 1), date(2025, 3, 1) + timedelta(days=300)
    assert_months_answer_as_days(moved, tags, start, end)
    assert_same(moved, tags, start, end)


def test_a_generated_quarter_in_months() -> None:
    facts = generate.facts(count=30_000, days=95)
    tags = Matcher(generate.registry())
    assert_months_answer_as_days(facts, tags, facts[0].day, facts[-1].day)


def test_month_bounds() -> None:
    assert month_of(date(2024, 2, 17)) == date(2024, 2, 1)
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert month_end(date(2025, 12, 1)) == date(2025, 12, 31)
