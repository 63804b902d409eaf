"""The TLS report store (ports.tls.TlsReports): the fake and the DynamoDB adapter behave alike."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from chalicelib.dmarc.limits import DEFAULT_LIMITS
from chalicelib.dmarc.tls import parse_tls_bytes
from chalicelib.ports.ingest import Status
from chalicelib.ports.tls import StoredTls
from chalicelib.provenance import Provenance, Trust
from chalicelib.wiring import Container
from tests.dmarc.test_tls import report

PROVENANCE = Provenance(Trust.VERIFIED, "verified", "mail.example")


def item(key: str = "example.com|Example Mail|r-1", day: str = "2026-03-01") -> StoredTls:
    doc = report()
    doc["date-range"] = {"start-datetime": f"{day}T00:00:00Z", "end-datetime": f"{day}T23:59:59Z"}
    parsed = parse_tls_bytes(json.dumps(doc).encode(), DEFAULT_LIMITS)
    return StoredTls(key, "example.com", parsed, "incoming/a", Status.APPLIED, PROVENANCE, "c1")


def test_put_get_and_list_by_day(built: Container) -> None:
    store = built.tls_reports
    assert store.get("example.com|Example Mail|r-1") is None
    assert store.put(item(), new=True)
    assert not store.put(replace(item(), raw_key="incoming/b"), new=True)
    assert store.put(item("example.com|Example Mail|r-2", "2026-03-03"), new=True)
    found = store.get("example.com|Example Mail|r-1")
    assert found == item()
    assert [s.key for s in store.by_domain("example.com", date(2026, 3, 1), date(2026, 3, 3))] == [
        "example.com|Example Mail|r-1", "example.com|Example Mail|r-2"]
    assert [s.key for s in store.by_domain("example.com", date(2026, 3, 2), date(2026, 3, 3))] == [
        "example.com|Example Mail|r-2"]
    assert store.by_domain("other.example", date(2026, 3, 1), date(2026, 3, 3)) == []


def test_overwrite_and_status(built: Container) -> None:
    store = built.tls_reports
    store.put(item(), new=True)
    moved = item(day="2026-03-02")
    assert store.put(replace(moved, raw_key="incoming/c", content="c2"), new=False)
    assert [s.raw_key for s in store.by_domain("example.com", date(2026, 3, 1), date(2026, 3, 9))] == ["incoming/c"]
    store.set_status(moved.key, Status.HELD, Provenance(Trust.UNVERIFIED, "dmarc_fail", None))
    found = store.get(moved.key)
    assert found is not None and found.status is Status.HELD and found.provenance.trust is Trust.UNVERIFIED
