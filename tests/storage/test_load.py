"""The heavy storage scenarios on dynalite: 50 concurrent ingests into one domain-day (its rollup and its policy
log lose none), a 100,000-record report stored and read back, and a reprocess of the whole archive that changes
nothing."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib import wiring
from chalicelib.ports.ingest import Status
from chalicelib.ports.policylog import report_order
from chalicelib.provenance import operator
from chalicelib.services.ingest import IngestService, Verdict, report_key
from chalicelib.settings import Settings
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import ChunkItem, ReportItem
from tests.ingest.helpers import day_totals, put_mail
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()
pytestmark = pytest.mark.dynalite


def test_fifty_concurrent_ingests_into_one_day(dynalite_stack: Settings) -> None:
    wiring.container().domains.add("example.com")
    reports = [report(f"c{i}", org=f"org{i % 7}.example", records=20, count=i + 1, start=i * 100) for i in range(50)]
    service = wiring.ingest_service()
    with ThreadPoolExecutor(max_workers=25) as pool:
        outcomes = list(pool.map(lambda r: service.store(r, f"incoming/{r.metadata.report_id}", operator()), reports))
    assert all(o.verdict is Verdict.INGESTED for o in outcomes)
    assert day_totals("example.com", D, D) == {D: sum(r.message_count for r in reports)}
    assert wiring.ingest_service().rollups.state("example.com", D).version is not None
    built = wiring.container()
    built.policy_log.mark_complete("example.com")  # what the policy log holds came from the 50 ingests alone
    logged = built.policies.seen("example.com", D, D)
    assert len(logged) == 50 and logged == sorted(built.report_policies.seen("example.com", D, D), key=report_order)


def test_hundred_thousand_record_report(dynalite_stack: Settings) -> None:
    wiring.container().domains.add("example.com")
    big = report("big", records=100_000, count=2)
    service: IngestService = wiring.ingest_service()
    started = time.monotonic()
    outcome = service.store(big, "incoming/big", operator())
    stored_in = time.monotonic() - started
    assert outcome.verdict is Verdict.INGESTED and outcome.records == 100_000
    key = report_key(big)
    reports, chunk = (bind_model(m, dynalite_stack.tables.reports) for m in (ReportItem, ChunkItem))
    head = reports.get(key, "report")
    chunks = list(chunk.query(key, ChunkItem.sk.startswith("chunk#")))
    assert head.chunks == len(chunks) > 1
    assert all(len(c.records) < 400_000 for c in chunks)
    assert service.reports.get(key).status is Status.APPLIED  # type: ignore[union-attr]
    assert service.reports.load(key) == big
    assert day_totals("example.com", D, D) == {D: 200_000}
    stored_bytes = sum(len(c.records) for c in chunks)
    print(f"\n100,000 records: {len(chunks)} chunks, {stored_bytes} bytes of records, stored in {stored_in:.1f} s")
    assert service.store(big, "incoming/big-again", operator()).verdict is Verdict.DUPLICATE


def test_reprocess_rebuilds_idempotently(dynalite_stack: Settings) -> None:
    wiring.container().domains.add("example.com")
    rs = [report(f"p{i}", records=15, count=2, begin=DAY0.replace(hour=i % 24)) for i in range(12)]
    for r in rs:
        wiring.ingest_object(wiring.config().raw_mail.bucket, put_mail(r))
    put_mail(rs[0])  # a duplicate delivery in the archive
    before = day_totals("example.com", D, D.replace(day=3))
    config = wiring.config()
    for _ in range(2):
        summary = wiring.reprocess_service().run(config.raw_mail.bucket, config.raw_mail.prefix, domain="example.com")
        assert summary.objects == 13 and summary.reports == 13 and summary.changed == 0
        assert day_totals("example.com", D, D.replace(day=3)) == before
