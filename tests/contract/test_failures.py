"""Failures port: one row per id (the mail's digest, else its object key), newest first, in pages, filtered by
day and kind; bad tokens are rejected."""
from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.errors import BadToken
from chalicelib.ports.ingest import Failure, FailureFilter
from chalicelib.wiring import Container


def test_newest_first_in_pages(built: Container) -> None:
    failures = built.failures
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(23):
        failures.record(Failure(f"incoming/m{i:02d}", "not_a_report", "no report", t0 + timedelta(minutes=i)))
    failures.record(Failure("incoming/m05", "not_a_report", "no report", t0 + timedelta(minutes=5)))  # a retry
    keys, token, pages = [], None, 0
    while True:
        page = failures.page(10, token)
        keys += [f.object_key for f in page.items]
        pages += 1
        if (token := page.next_token) is None:
            break
    assert keys == [f"incoming/m{i:02d}" for i in reversed(range(23))] and pages == 3
    failures.clear("incoming/m00")
    assert len(failures.page(100).items) == 22


def test_a_bad_token_is_bad_token(built: Container) -> None:
    for token in ("%%", "MTI", "eyJhdCI6IHsiUyI6ICJ4In19"):  # not base64 JSON; a number; {"at": {"S": "x"}}
        with pytest.raises(BadToken):
            built.failures.page(10, token)


def test_one_row_per_id_with_every_field(built: Container) -> None:
    failures, at = built.failures, datetime(2026, 3, 1, 12, tzinfo=UTC)
    first = Failure("incoming/a", "limit_exceeded", "x" * 5000, at, "d1", "a.eml", "Report: 日本", "<a@b.c>", 3)
    failures.record(first)
    failures.record(dataclasses.replace(first, object_key="incoming/b", at=at + timedelta(hours=1)))
    (row,) = failures.page(10).items
    assert row == dataclasses.replace(first, object_key="incoming/b", at=at + timedelta(hours=1),
                                      message="x" * 2000)
    assert failures.get("d1") == row and row.id == "d1" and failures.get("incoming/b") is None
    failures.record(Failure("incoming/gone", "missing_object", "gone", at))  # no digest: keyed by object key
    assert failures.get("incoming/gone") is not None
    failures.clear("d1")
    failures.clear("never-there")
    assert [f.id for f in failures.page(10).items] == ["incoming/gone"]


def test_filter_by_day_and_kind_in_pages(built: Container) -> None:
    failures, t0 = built.failures, datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(30):  # one every 8 hours: 3 a day, 10 days
        failures.record(Failure(f"incoming/m{i:02d}", "malformed" if i % 3 else "empty", "m",
                                t0 + timedelta(hours=8 * i), f"id{i:02d}"))
    where = FailureFilter(date(2026, 3, 2), date(2026, 3, 4), "malformed")
    ids, token = [], None
    while True:
        page = failures.page(2, token, where)
        ids += [f.id for f in page.items]
        if (token := page.next_token) is None:
            break
    assert ids == ["id11", "id10", "id08", "id07", "id05", "id04"]
    assert [f.id for f in failures.page(50, None, FailureFilter(start=date(2026, 3, 10))).items] == [
        "id29", "id28", "id27"]
    assert [f.id for f in failures.page(50, None, FailureFilter(end=date(2026, 3, 1))).items] == [
        "id02", "id01", "id00"]
    assert failures.page(50, None, FailureFilter(kind="tls_report")).items == ()
