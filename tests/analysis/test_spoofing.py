from __future__ import annotations

import pytest

from chalicelib.analysis.spoofing import SpoofSource, spoofing
from chalicelib.registry import make_entry
from tests.analysis.known import D1, D2, FACTS, matcher

FIRST = SpoofSource(
    source_ip="203.0.113.5", messages=40, pct=17.78, dmarc_fail=40, spf_fail=40, dkim_fail=30,
    patterns=(0, 10, 0, 30), header_from=("example.jp",), envelope_from=("list.example", "spoof.example"),
    dkim_domains=("list.example",), reporters=("Outlook.com", "google.com"), first_day=D2, last_day=D2,
)
SECOND = SpoofSource(
    source_ip="198.51.100.7", messages=20, pct=8.89, dmarc_fail=15, spf_fail=15, dkim_fail=20,
    patterns=(0, 0, 0, 15), header_from=("example.jp",), envelope_from=("example.jp",), dkim_domains=(),
    reporters=("Yahoo", "google.com"), first_day=D1, last_day=D2,
)


def test_spoofing_by_hand() -> None:
    page = spoofing(FACTS, matcher())
    assert (page.messages, page.unregistered_messages, page.unregistered_fail, page.sources) == (225, 60, 55, 2)
    assert page.items == (FIRST, SECOND)


def test_paging_and_one_shot_iterators() -> None:
    page = spoofing(iter(FACTS), matcher(), offset=1, limit=1)
    assert (page.sources, page.offset, page.limit, page.items) == (2, 1, 1, (SECOND,))
    assert spoofing(FACTS, matcher(), offset=5).items == ()


def test_registering_an_ip_removes_it() -> None:
    page = spoofing(FACTS, matcher(make_entry("203.0.113.0/24", "partner")))
    assert page.items == (SECOND,) and page.unregistered_messages == 20


def test_failing_only_hides_clean_unregistered_sources() -> None:
    page = spoofing(FACTS, matcher(make_entry("203.0.113.0/24", "partner"), make_entry("198.51.100.0/24", "x")))
    assert page.sources == 0
    clean = [f for f in FACTS if f.dmarc_pass]
    assert spoofing(clean, matcher(), failing_only=True).sources == 0
    assert spoofing(clean, matcher()).sources == 1  # 198.51.100.7 passed (F8) but is unregistered


@pytest.mark.parametrize(("offset", "limit", "field"), [(-1, 10, "offset"), (0, 0, "limit"), (0, 1001, "limit")])
def test_bad_page_names_the_field(offset: int, limit: int, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{field}:"):
        spoofing(FACTS, matcher(), offset=offset, limit=limit)
