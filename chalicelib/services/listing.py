"""Pages of a listing scoped to the caller's organizations: filled from the store's rows (chalicelib.ports.rows)
until full, so a page is short only at the end, or when more than SKIP_BUDGET rows of other organizations came
first (then its token resumes after them)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from chalicelib.ports.ingest import Page
from chalicelib.ports.rows import Row, fill

T = TypeVar("T")
SKIP_BUDGET = 1000  # rows of other organizations one page may pass over
SCOPED_READ = 100  # rows per store read when many may be another organization's


def scoped_page(rows: Callable[[int], Iterable[Row[T]]], limit: int, keep: Callable[[T], bool] | None) -> Page[T]:
    """`rows(batch)`: the store's rows from the request's token; `keep`: whether the caller sees a row (None: every
    row, the operator)."""
    if keep is None:
        return fill(rows(limit + 1), limit)
    return fill(rows(max(limit + 1, SCOPED_READ)), limit, keep, limit + SKIP_BUDGET)
