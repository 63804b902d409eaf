"""The reverse-name cache: the memory fake and the DynamoDB table (moto, dynalite) keep names until they expire."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib import wiring


def test_names_are_kept_until_they_expire(built: wiring.Container) -> None:
    cache = built.name_cache
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert cache.get_many(["192.0.2.1"], now) == {}
    cache.put_many({"192.0.2.1": "o1.ptr.sendgrid.net", "2001:db8::1": ""}, now + timedelta(days=30))
    cache.put_many({"192.0.2.9": "old.example"}, now - timedelta(seconds=1))
    assert cache.get_many(["192.0.2.1", "2001:db8::1", "192.0.2.9", "192.0.2.2"], now) == {
        "192.0.2.1": "o1.ptr.sendgrid.net", "2001:db8::1": ""}
    assert cache.get_many([f"10.0.{i // 256}.{i % 256}" for i in range(150)] + ["192.0.2.1"], now) == {
        "192.0.2.1": "o1.ptr.sendgrid.net"}
