"""DynamoReports.create_many (filling an empty table, for the analyses bench) writes what `create` writes."""
from __future__ import annotations

from dataclasses import astuple

from chalicelib.ports.ingest import Status
from chalicelib.settings import Settings
from chalicelib.storage.reports import DynamoReports
from tests.ingest.reportgen import report


def test_create_many_writes_what_create_writes(stack: Settings) -> None:
    singly, batched = DynamoReports(stack.tables.reports), DynamoReports(stack.tables.reports)
    reports = [report(f"r{n}", org=f"org{n}.example", records=n) for n in range(3)]
    for n, r in enumerate(reports):
        singly.create(f"single-{n}", r, "bench", Status.APPLIED)
    assert batched.create_many(((f"batch-{n}", r) for n, r in enumerate(reports)), "bench", Status.APPLIED) == 3
    for n, r in enumerate(reports):
        one, other = singly.get(f"single-{n}"), batched.get(f"batch-{n}")
        assert one is not None and other is not None
        assert astuple(other)[1:] == astuple(one)[1:]  # all but the key
        assert batched.load(f"batch-{n}") == r
    assert len(list(batched.by_domain("example.com"))) == 6  # on the domain index too
