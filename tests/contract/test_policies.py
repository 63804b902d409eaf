"""Policies port: every counted report's policy among the reports beginning in a range of days, oldest first."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.ingest import Status
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def test_every_counted_reports_policy_oldest_first(built: Container) -> None:
    stricter = PolicyPublished(domain="example.com", p="reject", sp="quarantine", testing="y",
                               discovery_method="treewalk")
    for i in range(3):
        r = report(f"r{i}", org=f"org{i}.example", begin=DAY0 + timedelta(days=2 - i), records=1)
        if i == 1:
            r = replace(r, policy=stricter)
        built.reports.create(f"k{i}", r, "x", Status.APPLIED)
    built.reports.create("k9", report("held", org="org9.example", records=1), "y", Status.HELD)
    seen = built.policies.seen("example.com", D, D + timedelta(days=2))
    assert [(s.reporter, s.report_id) for s in seen] == [("org2.example", "r2"), ("org1.example", "r1"),
                                                         ("org0.example", "r0")]
    assert seen[1].policy == stricter and seen[0].policy.p == "none"
    assert seen[1].begin == DAY0 + timedelta(days=1)
    assert seen[1].end == DAY0 + timedelta(days=2) - timedelta(seconds=1)
    assert [s.report_id for s in built.policies.seen("example.com", D + timedelta(days=1), D + timedelta(days=1))] \
        == ["r1"]
    assert built.policies.seen("other.example", D, D + timedelta(days=9)) == []
