"""Reverse names at ingest: forward-confirmed, cached, within the budget; DNS never fails the ingest."""
from __future__ import annotations

import threading
from datetime import UTC, datetime

from chalicelib.adapters.dns import NoResolver, ZoneResolver
from chalicelib.adapters.memory import MemoryNameCache
from chalicelib.services.senders import ReverseNames, confirmed_name

ZONE = ZoneResolver({"192.0.2.1": {"PTR": ["o1.ptr.sendgrid.net"]}, "o1.ptr.sendgrid.net": {"A": ["192.0.2.1"]},
                     "192.0.2.2": {"PTR": ["liar.example"]}, "liar.example": {"A": ["198.51.100.9"]}})


def test_only_forward_confirmed_names_count() -> None:
    assert confirmed_name(ZONE, "192.0.2.1") == "o1.ptr.sendgrid.net"
    assert confirmed_name(ZONE, "192.0.2.2") == "" and confirmed_name(ZONE, "192.0.2.3") == ""


def test_names_are_cached_and_dns_failures_leave_them_empty() -> None:
    cache = MemoryNameCache()
    names = ReverseNames(ZONE, cache)
    assert names.names(["192.0.2.1", "192.0.2.2", "192.0.2.1"]) == {"192.0.2.1": "o1.ptr.sendgrid.net",
                                                                  "192.0.2.2": ""}
    assert ReverseNames(NoResolver(), cache).names(["192.0.2.1"]) == {"192.0.2.1": "o1.ptr.sendgrid.net"}
    assert ReverseNames(NoResolver(), MemoryNameCache()).names(["192.0.2.1"]) == {"192.0.2.1": ""}


class _Slow(ZoneResolver):
    def __init__(self) -> None:
        super().__init__({})
        self.release = threading.Event()

    def ptr(self, address: str) -> tuple[str, ...]:
        self.release.wait(5)
        return ()


def test_the_budget_bounds_a_report_and_unfinished_lookups_are_not_cached() -> None:
    slow, cache = _Slow(), MemoryNameCache()
    start = datetime.now(UTC)
    assert ReverseNames(slow, cache, budget=0.2, workers=2).names(["192.0.2.7", "192.0.2.8"]) == {
        "192.0.2.7": "", "192.0.2.8": ""}
    slow.release.set()
    assert (datetime.now(UTC) - start).total_seconds() < 2 and cache.items == {}
