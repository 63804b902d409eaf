"""Unclaimed port: exactly the reports whose status is unclaimed, with their domain, span and messages."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.ports.ingest import Status, UnclaimedReport
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report


def test_lists_the_unclaimed_reports_only(built: Container) -> None:
    assert list(built.unclaimed.reports()) == []
    waiting = report("a", domain="late.example", count=3, begin=DAY0 + timedelta(days=1))
    built.reports.create("k1", waiting, "incoming/a", Status.UNCLAIMED)
    built.reports.create("k2", report("b", records=200), "incoming/b", Status.APPLIED)
    built.reports.create("k3", report("c", domain="late.example"), "incoming/c", Status.UNCLAIMED)
    built.reports.set_status("k3", Status.APPLIED)
    assert list(built.unclaimed.reports()) == [UnclaimedReport(
        "late.example", waiting.metadata.begin, waiting.metadata.end, waiting.message_count)]
