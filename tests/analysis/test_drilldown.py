from __future__ import annotations

import pytest

from chalicelib.analysis.drilldown import (
    all_of,
    any_of,
    between,
    dmarc_failing,
    from_ip,
    has_pattern,
    has_tag,
    is_tagged,
    select,
    signed_by,
    with_field,
)
from chalicelib.analysis.facts import Pattern
from tests.analysis.known import D2, FACTS, matcher

F1, F2, F3, F4, F5, F6, F7, F8 = FACTS


def test_pattern_row_split_into_possible_spoofing() -> None:
    page = select(FACTS, all_of(has_pattern(Pattern.BOTH_FAIL), has_tag(matcher(), None)))
    assert (page.total_facts, page.total_messages, page.items) == (2, 45, (F4, F7))


def test_tag_ip_day_and_fields() -> None:
    m = matcher()
    assert select(FACTS, has_tag(m, "crm")).items == (F2, F3)
    assert select(FACTS, all_of(has_tag(m, "crm"), between(D2, D2))).items == (F3,)
    assert select(FACTS, from_ip("198.51.100.7")).total_messages == 20
    assert select(FACTS, all_of(is_tagged(m), dmarc_failing())).total_messages == 25
    assert select(FACTS, with_field("reporter", "Yahoo")).items == (F6, F7)
    assert select(FACTS, signed_by("list.example")).items == (F5,)
    assert select(FACTS, any_of(has_pattern(1), has_pattern(3))).items == (F2, F3)
    assert select(FACTS, has_pattern(Pattern.PASS)).total_messages == 145


def test_paging() -> None:
    page = select(FACTS, dmarc_failing(), offset=1, limit=2)
    assert (page.total_facts, page.total_messages, page.items) == (5, 80, (F2, F7))  # by count: 30, 20, 15, 10, 5


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="^field:"):
        with_field("count", "1")
