"""The caps (settings.Caps) on fakes: a report over the records cap counts its first records and records the
rest as a limit_exceeded failure; a day over the sources cap keeps the sources it has and drops the records of
further ones, with a failure row per report and day. Never a crash; what counts stays consistent on reprocess."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.services.caps import LIMIT_EXCEEDED
from chalicelib.settings import Caps
from tests.ingest.reportgen import DAY0, report, to_mail
from tests.offline import offline_settings

D = DAY0.date()
BUCKET = "aligned-raw-mail"


@pytest.fixture
def capped() -> wiring.Container:
    built = wiring.bootstrap(offline_settings(caps=Caps(report_records=10, day_sources=15)), **memory_adapters())
    built.domains.add("example.com")
    return built


def _deliver(app: wiring.Container, data: bytes, key: str):  # type: ignore[no-untyped-def]
    app.raw_mail.put(BUCKET, key, data)
    return app.ingest_object(BUCKET, key)


def _day(app: wiring.Container, day: date = D) -> tuple[int, int, int]:
    """(facts, messages, distinct sources) of the day."""
    facts = app.rollups.facts("example.com", day, day)
    return len(facts), sum(f.count for f in facts), len({f.source_ip for f in facts})


def _limit_rows(app: wiring.Container) -> list:  # type: ignore[type-arg]
    return [f for f in app.failures.page(100).items if f.kind == LIMIT_EXCEEDED]


def test_a_report_over_the_records_cap_counts_its_first_records(capped: wiring.Container) -> None:
    result = _deliver(capped, to_mail(report(records=25, count=2)), "incoming/big")
    (outcome,) = result.reports
    assert (outcome.records, outcome.messages) == (10, 20)
    assert _day(capped) == (10, 20, 10)
    (row,) = _limit_rows(capped)
    assert row.reports == 1 and row.object_key == "incoming/big"
    assert "25 records; the first 10 count, the other 15 records (30 messages) were dropped" in row.message
    stored = capped.reports.get(outcome.key)
    assert stored is not None and (stored.record_count, stored.message_count) == (10, 20)
    capped.reprocess.run(BUCKET, "incoming/")  # read again: the same part counts, the row stays
    assert _day(capped) == (10, 20, 10)
    assert len(_limit_rows(capped)) == 1


def test_a_day_over_the_sources_cap_drops_the_records_of_further_sources(capped: wiring.Container) -> None:
    _deliver(capped, to_mail(report("r1", records=10)), "incoming/a")  # sources 1-10
    _deliver(capped, to_mail(report("r2", records=10, start=6)), "incoming/b")  # 6-15: five new ones fit
    assert _day(capped) == (20, 20, 15)
    assert _limit_rows(capped) == []
    result = _deliver(capped, to_mail(report("r3", records=8, count=3, start=101)), "incoming/c")  # 8 new sources
    assert result.failure is None and result.reports[0].records == 8  # the report itself is whole
    assert _day(capped) == (20, 20, 15)
    (row,) = _limit_rows(capped)
    assert row.object_key == "incoming/c" and row.reports == 1
    assert "the day holds the most distinct sources allowed (15); 8 records" in row.message
    assert "from 8 further sources (24 messages) were not counted" in row.message
    _deliver(capped, to_mail(report("r4", records=3, count=5, start=1)), "incoming/d")  # known sources count
    assert _day(capped) == (23, 35, 15)
    assert capped.reprocess.rebuild("example.com", [D]) == 1  # the same rule in report order: the same day
    assert _day(capped) == (23, 35, 15)
    assert len(_limit_rows(capped)) == 1
