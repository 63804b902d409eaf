"""RawMail port: put / get bytes, NotFound for a missing key, keys under a prefix (optionally since a day)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.ports.ingest import NotFound
from chalicelib.wiring import Container
from tests.storage.conftest import BUCKET


def test_put_get_and_keys(built: Container) -> None:
    raw = built.raw_mail
    raw.put(BUCKET, "incoming/b", b"second")
    raw.put(BUCKET, "incoming/a", b"first \x00 bytes")
    raw.put(BUCKET, "other/c", b"elsewhere")
    assert raw.get(BUCKET, "incoming/a") == b"first \x00 bytes"
    assert sorted(raw.keys(BUCKET, "incoming/")) == ["incoming/a", "incoming/b"]
    today = datetime.now(UTC).date()
    assert sorted(raw.keys(BUCKET, "incoming/", since=today - timedelta(days=1))) == ["incoming/a", "incoming/b"]
    assert list(raw.keys(BUCKET, "incoming/", since=today + timedelta(days=2))) == []
    with pytest.raises(NotFound):
        raw.get(BUCKET, "incoming/missing")
