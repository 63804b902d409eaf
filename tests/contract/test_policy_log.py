"""PolicyLog port (per domain and day the policies of the counted reports beginning on the day), and Policies read
from it: for the same stored reports, written through ingest, acceptance, rejection and reprocess, the log gives
the Seen list the report-item read gives."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.analysis.drift import policy_drift
from chalicelib.analysis.policy_sums import EMPTY, sums_of
from chalicelib.dmarc.model import AggregateReport, PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.policylog import entry_key, report_order
from chalicelib.provenance import Provenance, Trust, operator
from chalicelib.services.ingest import report_key
from chalicelib.services.policy import seen_of
from chalicelib.services.policy_log import entry_of
from chalicelib.services.trust import accepted
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report, to_mail
from tests.storage.conftest import BUCKET

D = DAY0.date()
DOMAIN = "example.com"
QUARANTINE = PolicyPublished(DOMAIN, p="quarantine", sp="reject", np="reject", testing="y", fo="1")
FORGED = Provenance(Trust.UNVERIFIED, "dmarc_fail", "spoof.example")


def entry(rid: str, org: str = "google.com", days: int = 0, hours: int = 0,
          policy: PolicyPublished | None = None) -> ReportedPolicy:
    r = report(rid, DOMAIN, org, records=1, begin=DAY0 + timedelta(days=days, hours=hours))
    return entry_of(replace(r, policy=policy) if policy else r)


# --- the port -------------------------------------------------------------------------------------------------
def test_changes_put_replace_and_drop_by_report(built: Container) -> None:
    log = built.policy_log
    a, b, c = entry("a"), entry("b", "Yahoo", hours=3), entry("c", "Outlook.com", policy=QUARANTINE)
    assert log.change(DOMAIN, D, put=[b, a])
    assert not log.change(DOMAIN, D, put=[a])  # the same entry again: nothing to write
    assert log.change(DOMAIN, D, put=[c])
    assert log.entries(DOMAIN, D, D) == sorted([a, b, c], key=report_order)  # by begin, then reporter
    newer = replace(a, policy=QUARANTINE)
    assert log.change(DOMAIN, D, put=[newer], drop=[("Yahoo", "b")])
    assert log.entries(DOMAIN, D, D) == [c, newer]
    assert not log.change(DOMAIN, D, drop=[("Yahoo", "b"), ("nobody", "x")])
    assert log.change(DOMAIN, D, drop=[("google.com", "a"), ("Outlook.com", "c")])
    assert log.entries(DOMAIN, D, D) == []


def test_entries_of_a_range_in_report_order(built: Container) -> None:
    log = built.policy_log
    days = [entry(f"r{n}", days=n, hours=23 - n) for n in range(4)]
    for e in reversed(days):
        log.change(DOMAIN, e.begin.date(), put=[e])
    log.change("other.example", D + timedelta(days=1), put=[replace(days[1], policy=QUARANTINE)])
    assert log.entries(DOMAIN, D, D + timedelta(days=3)) == days
    assert log.entries(DOMAIN, D + timedelta(days=1), D + timedelta(days=2)) == days[1:3]
    assert log.entries(DOMAIN, D + timedelta(days=9), D + timedelta(days=9)) == []
    assert [e.policy for e in log.entries("other.example", D, D + timedelta(days=3))] == [QUARANTINE]


def test_an_entry_is_kept_on_the_day_its_report_begins(built: Container) -> None:
    with pytest.raises(ValueError, match="begins on another day"):
        built.policy_log.change(DOMAIN, D, put=[entry("late", days=1)])


def test_each_change_counts_in_its_month_and_kept_sums_follow_the_count(built: Container) -> None:
    log = built.policy_log
    march, april = D, date(2026, 4, 1)
    a, b = entry("a"), entry("b", "Yahoo", days=31)  # 1 March, 1 April
    assert log.change(DOMAIN, D, put=[a]) and log.change(DOMAIN, april, put=[b])
    assert not log.change(DOMAIN, D, put=[a])  # nothing to write, still counted: a retry repairs a lost count
    assert [(m, s.changes, s.fresh) for m, s in log.months(DOMAIN, march, april).items()] == [
        (march, 2, None), (april, 1, None)]
    sums = sums_of([a])
    assert not log.put_month(DOMAIN, march, 1, sums)  # made at a count it has moved on from
    assert log.put_month(DOMAIN, march, 2, sums)
    assert log.put_month(DOMAIN, date(2026, 5, 1), 0, EMPTY)  # a month without changes keeps empty sums
    kept = log.months(DOMAIN, march, date(2026, 5, 1))
    assert kept[march].fresh == sums and kept[april].fresh is None and kept[date(2026, 5, 1)].fresh == EMPTY
    log.change(DOMAIN, D, drop=[entry_key(a)])
    assert log.months(DOMAIN, march, march)[march].fresh is None  # changed since: the sums are stale
    assert log.months("other.example", march, april) == {}


def test_the_current_policy_of_a_range_from_kept_months_and_days(built: Container) -> None:
    built.domains.add(DOMAIN)
    log = built.policy_log
    log.mark_complete(DOMAIN)
    early = [entry(f"e{n}", days=n * 9, hours=n) for n in range(4)]  # March (a whole month inside the range)
    late = [entry("q1", "Outlook.com", days=31, policy=QUARANTINE), entry("q2", days=40)]  # April, partly inside
    for e in [*early, *late]:
        log.change(DOMAIN, e.begin.date(), put=[e])
    start, end = date(2026, 2, 20), date(2026, 4, 15)

    def same_as_the_drift_view() -> None:
        found = built.policies.current(DOMAIN, start, end)
        expected = policy_drift(seen_of(built.policies.seen(DOMAIN, start, end)), DOMAIN)
        assert found is not None and (found.latest, found.source) == (expected.latest, expected.source)

    same_as_the_drift_view()
    assert log.months(DOMAIN, D, D)[D].fresh == sums_of(early)  # the first read kept March's sums
    same_as_the_drift_view()  # read from them
    moved = replace(early[-1], policy=QUARANTINE)  # a reprocess changes a March report
    log.change(DOMAIN, moved.begin.date(), put=[moved])
    same_as_the_drift_view()
    assert log.months(DOMAIN, D, D)[D].fresh == sums_of([*early[:-1], moved])
    assert built.policies.current(DOMAIN, date(2026, 1, 1), date(2026, 2, 28)) is None  # no reports
    assert built.policies.current(DOMAIN, end, start) is None


def test_complete_marks_a_domain(built: Container) -> None:
    log = built.policy_log
    assert not log.complete(DOMAIN)
    log.mark_complete(DOMAIN)
    log.mark_complete(DOMAIN)  # again: no error
    assert log.complete(DOMAIN) and not log.complete("other.example")
    assert log.entries(DOMAIN, D - timedelta(days=400), D) == []  # the mark is no day


# --- Policies from the log, against the report-item read -----------------------------------------------------
def _same_as_the_report_items(built: Container, domain: str, days: int = 5) -> list[ReportedPolicy]:
    """The log's answer for every range of the days, against the report-item read: the same entries, the same
    begins in the same order (reports beginning together come by reporter and id in the log; the index query
    leaves their order open)."""
    for first in range(days):
        for last in range(first, days):
            start, end = D + timedelta(days=first), D + timedelta(days=last)
            logged, stored = built.policies.seen(domain, start, end), built.report_policies.seen(domain, start, end)
            assert logged == sorted(stored, key=report_order), (start, end)
            assert [e.begin for e in logged] == [e.begin for e in stored]
            assert seen_of(logged) == seen_of(sorted(stored, key=report_order))
    return built.policies.seen(domain, D, D + timedelta(days=days - 1))


def _store(built: Container, r: AggregateReport, provenance: Provenance) -> str:
    built.ingest.store(r, f"incoming/{r.metadata.report_id}", provenance)
    return report_key(r)


def _mail(built: Container, key: str, r: AggregateReport, authenticated: bool = True) -> None:
    built.raw_mail.put(BUCKET, key, to_mail(r, authenticated))


def test_the_log_answers_as_the_report_items_do(built: Container) -> None:
    built.domains.add(DOMAIN)
    built.policy_log.mark_complete(DOMAIN)  # no backfill: every entry below comes from the write paths
    ingest = built.ingest
    _store(built, report("a", DOMAIN, "google.com", records=1), operator())
    _store(built, replace(report("b", DOMAIN, "Yahoo", records=1), policy=QUARANTINE), operator())  # same begin
    _store(built, report("held", DOMAIN, "google.com", records=1, begin=DAY0 + timedelta(days=1)), FORGED)
    taken = _store(built, report("taken", DOMAIN, "Yahoo", records=1, begin=DAY0 + timedelta(days=1, hours=2)),
                   FORGED)
    ingest.accept(taken, accepted())
    refused = _store(built, report("refused", DOMAIN, "Yahoo", records=1, begin=DAY0 + timedelta(days=2)), FORGED)
    ingest.reject(refused)
    # reprocessed: a copy read again after a parser fix (its policy and its day changed), a copy that no longer
    # counts once unverified mail stops counting, and a genuine copy that replaces a held forged one
    moved = report("moved", DOMAIN, "google.com", records=1, begin=DAY0 + timedelta(days=2))
    _mail(built, "incoming/cli-moved", moved)
    ingest.ingest_object(BUCKET, "incoming/cli-moved")
    # a forged copy held, the genuine one (other content, same key) found only by the reprocess: it replaces it
    genuine = report("swap", DOMAIN, "google.com", records=1, begin=DAY0 + timedelta(days=3, hours=5))
    _mail(built, "incoming/forged-swap", replace(genuine, policy=replace(genuine.policy, p="reject")), False)
    ingest.ingest_object(BUCKET, "incoming/forged-swap")
    ingest.policy = replace(ingest.policy, count_unverified=True)
    _mail(built, "incoming/turned", report("turned", DOMAIN, "google.com", records=1,
                                          begin=DAY0 + timedelta(days=3)), authenticated=False)
    ingest.ingest_object(BUCKET, "incoming/turned")
    before = _same_as_the_report_items(built, DOMAIN)
    assert [(e.report_id, e.policy.p) for e in before] == [
        ("b", "quarantine"), ("a", "none"), ("taken", "none"), ("moved", "none"), ("turned", "none")]

    _mail(built, "incoming/cli-moved", replace(moved, metadata=replace(
        moved.metadata, begin=DAY0 + timedelta(days=4), end=DAY0 + timedelta(days=5, seconds=-1)),
        policy=replace(moved.policy, p="reject")))
    ingest.policy = replace(ingest.policy, count_unverified=False)
    _mail(built, "incoming/genuine-swap", genuine)
    built.reprocess.run(BUCKET, "incoming/")
    after = _same_as_the_report_items(built, DOMAIN)
    assert [(e.report_id, e.policy.p, e.begin.date()) for e in after] == [
        ("b", "quarantine", D), ("a", "none", D), ("taken", "none", D + timedelta(days=1)),
        ("swap", "none", D + timedelta(days=3)), ("moved", "reject", D + timedelta(days=4))]


def test_reports_of_a_domain_registered_later_count_as_before(built: Container) -> None:
    _store(built, report("early", "late.example", "google.com", records=1), operator())  # unclaimed
    built.domains.add("late.example")
    built.policy_log.mark_complete("late.example")
    assert [e.report_id for e in _same_as_the_report_items(built, "late.example", 1)] == ["early"]
    built.reprocess.claim("late.example")
    assert [e.report_id for e in _same_as_the_report_items(built, "late.example", 1)] == ["early"]


def test_reports_stored_before_the_log_are_added_on_the_first_read(built: Container) -> None:
    from chalicelib.ports.ingest import Status

    for n, org in enumerate(("google.com", "Yahoo", "Outlook.com")):
        r = report(f"r{n}", DOMAIN, org, records=1, begin=DAY0 + timedelta(days=n))
        built.reports.create(report_key(r), r, "x", Status.APPLIED)  # as a release before the log stored them
    built.reports.create("k-held", report("held", DOMAIN, records=1), "y", Status.HELD)
    assert [e.report_id for e in _same_as_the_report_items(built, DOMAIN, 3)] == ["r0", "r1", "r2"]
    assert built.policy_log.complete(DOMAIN)
    late = report("late", DOMAIN, "kddi.com", records=1, begin=DAY0)
    built.reports.create(report_key(late), late, "z", Status.APPLIED)  # past the backfill, and not through ingest
    assert [e.report_id for e in built.policies.seen(DOMAIN, D, D)] == ["r0"]  # read from the log alone
    assert built.policies.ensure(DOMAIN, force=True) == 1  # `cli summaries` adds it
    assert [e.report_id for e in built.policies.seen(DOMAIN, D, D)] == ["r0", "late"]
