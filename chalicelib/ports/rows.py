"""Listings read row by row, and pages filled from them. A store's `rows(token, batch)` yields its rows in order,
each with the page token that resumes right after it (None once nothing follows), reading `batch` rows per store
request; `fill` takes the rows a page keeps (those of the caller's organizations, say) until the page is full,
so a page filtered after reading is still full while rows are left, and its token resumes at the first row the
next page keeps: nothing is read twice or skipped. Pure."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from chalicelib.ports.ingest import Page

T = TypeVar("T")
Row = tuple[T, str | None]  # a row and the token that resumes after it


def _every(_: object) -> bool:
    return True


def fill(rows: Iterable[Row[T]], limit: int, keep: Callable[[T], bool] = _every,
         budget: int | None = None) -> Page[T]:
    """Up to `limit` kept rows. The token is None when no row is left to keep; otherwise it resumes just before
    the next kept row (read to decide, not returned). `budget` bounds the rows examined: when it runs out first
    the page comes back short, with a token that resumes after the last row examined."""
    kept: list[T] = []
    resume: str | None = None
    examined = 0
    for item, after in rows:
        if keep(item):
            if len(kept) == limit:
                return Page(tuple(kept), resume)
            kept.append(item)
        resume, examined = after, examined + 1
        if after is None:
            break
        if budget is not None and examined >= budget:
            return Page(tuple(kept), resume)
    return Page(tuple(kept), None)
