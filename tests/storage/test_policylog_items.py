"""The DynamoDB policy log's internals, against moto and dynalite: a change that lost the race to another change of
the same day (the version it read is gone) reads again and keeps both; each day is one small item of the
"<domain>|pol" partition. The port's contract: tests/contract/test_policy_log.py."""
from __future__ import annotations

from datetime import date, timedelta

from chalicelib.ports.policylog import report_order
from chalicelib.services.policy_log import entry_of
from chalicelib.settings import Settings
from chalicelib.storage.binding import bind_model
from chalicelib.storage.policylog import DynamoPolicyLog, PolicyLogItem
from tests.ingest.reportgen import DAY0, report

D = DAY0.date()
DOMAIN = "example.com"


def test_a_change_that_lost_the_race_reads_again_and_keeps_both(stack: Settings) -> None:
    mine, theirs = DynamoPolicyLog(stack.tables.rollups), DynamoPolicyLog(stack.tables.rollups)
    first, second = entry_of(report("a", records=1)), entry_of(report("b", org="Yahoo", records=1))
    assert theirs.change(DOMAIN, D, put=[entry_of(report("c", org="kddi.com", records=1))])
    original = mine._day
    reads: list[date] = []

    def racing(domain: str, day: date):  # type: ignore[no-untyped-def]
        found = original(domain, day)
        if not reads:  # another ingest writes the same day between this change's read and its write
            assert theirs.change(domain, day, put=[second])
        reads.append(day)
        return found

    mine._day = racing  # type: ignore[method-assign]
    assert mine.change(DOMAIN, D, put=[first])
    assert reads == [D, D]
    assert [e.report_id for e in theirs.entries(DOMAIN, D, D)] == ["b", "a", "c"]  # Yahoo < google.com < kddi.com
    assert theirs.entries(DOMAIN, D, D) == sorted(theirs.entries(DOMAIN, D, D), key=report_order)


def test_days_are_items_of_their_own_partition(stack: Settings) -> None:
    log = DynamoPolicyLog(stack.tables.rollups)
    for n in range(3):
        log.change(DOMAIN, D + timedelta(days=n), put=[entry_of(report(f"r{n}", records=1,
                                                                         begin=DAY0 + timedelta(days=n)))])
    log.change(DOMAIN, D + timedelta(days=1), drop=[("google.com", "r1")])
    log.mark_complete(DOMAIN)
    items = bind_model(PolicyLogItem, stack.tables.rollups)
    stored = {i.sk: i for i in items.query(DOMAIN + "|pol")}
    assert sorted(stored) == ["#complete", *(str(D + timedelta(days=n)) for n in range(3))]
    assert stored[str(D + timedelta(days=1))].entries is None  # the last entry dropped: an item with none
    assert all(len(i.entries or b"") < 200 for i in stored.values())
    assert [e.report_id for e in log.entries(DOMAIN, D, D + timedelta(days=2))] == ["r0", "r2"]
