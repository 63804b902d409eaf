"""Policies port: the policy of the newest report beginning in a range of days."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.ports.ingest import Status
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()


def test_latest_policy_in_range(built: Container) -> None:
    for i in range(3):
        r = report(f"r{i}", org=f"org{i}.example", begin=DAY0 + timedelta(days=i), records=1)
        built.reports.create(f"k{i}", r, "x", Status.APPLIED)
    latest = built.policies.latest("example.com", D, D + timedelta(days=1))
    assert latest is not None and (latest.reporter, latest.report_id) == ("org1.example", "r1")
    assert latest.policy.domain == "example.com" and latest.begin == DAY0 + timedelta(days=1)
    assert built.policies.latest("example.com", D + timedelta(days=5), D + timedelta(days=9)) is None
    assert built.policies.latest("other.example", D, D + timedelta(days=9)) is None


def test_a_held_report_does_not_set_the_policy(built: Container) -> None:
    built.reports.create("k0", report("r0", org="org0.example", records=1), "x", Status.APPLIED)
    later = report("forged", org="org9.example", begin=DAY0 + timedelta(days=1), records=1)
    built.reports.create("k9", later, "y", Status.HELD)
    latest = built.policies.latest("example.com", D, D + timedelta(days=1))
    assert latest is not None and latest.report_id == "r0"


def test_the_latest_policy_of_each_reporter(built: Container) -> None:
    for i, org in enumerate(("a.example", "b.example", "a.example", "c.example")):
        r = report(f"r{i}", org=org, begin=DAY0 + timedelta(days=i), records=1)
        built.reports.create(f"k{i}", r, "x", Status.HELD if org == "c.example" else Status.APPLIED)
    seen = built.policies.by_reporter("example.com", D, D + timedelta(days=5))
    assert [(s.reporter, s.report_id) for s in seen] == [("a.example", "r2"), ("b.example", "r1")]
    assert seen[0].policy.domain == "example.com" and seen[0].begin == DAY0 + timedelta(days=2)
    assert built.policies.by_reporter("example.com", D + timedelta(days=6), D + timedelta(days=9)) == []
