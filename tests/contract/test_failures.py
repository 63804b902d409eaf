"""Failures port: one per object key, newest first, in pages; bad tokens are rejected."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.errors import BadToken
from chalicelib.ports.ingest import Failure
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
