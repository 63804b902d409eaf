"""chalicelib.ports.rows.fill over any interleaving of kept and other rows: pages are full until the last (when
no budget runs out), the last page is not empty unless nothing is kept, and walking the tokens gives every kept
row once, in order; with a budget, at most `budget` rows are examined per page and nothing is lost."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.ports.rows import fill

pytestmark = pytest.mark.unit


def rows(kinds: list[bool], token: str | None, read: list[int]) -> Iterator[tuple[tuple[int, bool], str | None]]:
    for at in range(int(token or 0), len(kinds)):
        read.append(at)
        yield (at, kinds[at]), str(at + 1) if at + 1 < len(kinds) else None


def walk(kinds: list[bool], limit: int, budget: int | None) -> tuple[list[tuple[int, ...]], list[int]]:
    pages: list[tuple[int, ...]] = []
    read: list[int] = []
    token = None
    while True:
        before = len(read)
        page = fill(rows(kinds, token, read), limit, lambda row: row[1], budget)
        if budget is not None:
            assert len(read) - before <= budget + 1  # + the kept row that starts the next page
        pages.append(tuple(at for at, _ in page.items))
        if (token := page.next_token) is None:
            return pages, read
        assert len(pages) <= len(kinds) + 1


@given(st.lists(st.booleans(), max_size=60), st.integers(1, 8))
def test_full_pages_and_every_kept_row_once(kinds: list[bool], limit: int) -> None:
    pages, read = walk(kinds, limit, None)
    assert [at for page in pages for at in page] == [at for at, kept in enumerate(kinds) if kept]
    assert all(len(page) == limit for page in pages[:-1])
    assert pages[-1] or not any(kinds)
    assert sorted(set(read)) == list(range(len(kinds)))  # nothing read twice but the row that starts a page
    assert len(read) <= len(kinds) + len(pages)


@given(st.lists(st.booleans(), max_size=60), st.integers(1, 8), st.integers(1, 10))
def test_a_budget_bounds_each_page_and_loses_nothing(kinds: list[bool], limit: int, budget: int) -> None:
    pages, _ = walk(kinds, limit, budget)
    assert [at for page in pages for at in page] == [at for at, kept in enumerate(kinds) if kept]
