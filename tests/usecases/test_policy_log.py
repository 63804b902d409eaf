"""The policy log on the in-memory fakes: ingest puts each counted report's policy once however often it is
delivered, a delivery retried after a stop completes it, held reports stay out until accepted, trusting a reporter
puts its held reports in, the backfill of reports stored before the log runs once per domain, and a copy read
again with another begin leaves its former day."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory_policylog import MemoryPolicyLog
from chalicelib.ports.ingest import Status
from chalicelib.services.held import report_id
from chalicelib.services.ingest import report_key
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report, to_mail

D = DAY0.date()
BUCKET = "aligned-raw-mail"
DOMAIN = "example.com"


def _deliver(app: Container, key: str, data: bytes) -> str:
    app.raw_mail.put(BUCKET, key, data)
    (outcome,) = app.ingest_object(BUCKET, key).reports
    return outcome.key


def _logged(app: Container) -> list[str]:
    return [e.report_id for e in app.policies.seen(DOMAIN, D, D + timedelta(days=3))]


def _writes(app: Container) -> int:
    log = app.policy_log
    assert isinstance(log, MemoryPolicyLog)
    return log.writes


def test_each_counted_report_is_put_once_however_often_it_comes(app: Container) -> None:
    app.domains.add(DOMAIN)
    mail = to_mail(report("a", records=2))
    for n in range(3):
        _deliver(app, f"incoming/m{n}", mail)
    _deliver(app, "incoming/b", to_mail(report("b", records=2, begin=DAY0 + timedelta(days=1))))
    assert _logged(app) == ["a", "b"] and _writes(app) == 2


def test_a_delivery_retried_after_a_stop_before_the_log_write_completes_it(
        app: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    app.domains.add(DOMAIN)
    app.policy_log.mark_complete(DOMAIN)  # no backfill to hide what ingest left out
    monkeypatch.setattr(app.policies, "record", lambda *a: (_ for _ in ()).throw(TimeoutError("stopped")))
    with pytest.raises(TimeoutError):
        _deliver(app, "incoming/m", to_mail(report("a", records=2)))
    assert _logged(app) == [] and app.reports.get(report_key(report("a"))) is not None  # stored, not logged
    monkeypatch.undo()
    assert app.ingest_object(BUCKET, "incoming/m").reports  # the queue's retry
    assert _logged(app) == ["a"]
    assert sum(f.count for f in app.rollups.facts(DOMAIN, D, D)) == 2


def test_held_reports_are_out_until_accepted_and_rejected_ones_stay_out(app: Container) -> None:
    app.domains.add(DOMAIN)
    held = _deliver(app, "incoming/h", to_mail(report("held"), None))  # not through SES: held
    refused = _deliver(app, "incoming/r", to_mail(report("refused", begin=DAY0 + timedelta(days=1)), None))
    assert app.reports.get(held).status is Status.HELD and _logged(app) == []  # type: ignore[union-attr]
    app.held_reports.accept(report_id(held))
    app.held_reports.reject(report_id(refused))
    assert _logged(app) == ["held"]


def test_trusting_a_reporter_puts_its_held_reports_in(app: Container) -> None:
    app.domains.add(DOMAIN)
    _deliver(app, "incoming/a", to_mail(report("a"), False))
    _deliver(app, "incoming/b", to_mail(report("b", begin=DAY0 + timedelta(days=2)), False))
    assert _logged(app) == []
    assert app.held_reports.trust_reporter("google.com") == 2
    assert _logged(app) == ["a", "b"]


def test_the_backfill_reads_the_report_items_once_per_domain(
        app: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        r = report(f"r{n}", begin=DAY0 + timedelta(days=n), records=1)
        app.reports.create(report_key(r), r, "x", Status.APPLIED)  # stored by a release before the log
    reads: list[str] = []
    original = app.report_policies.seen
    monkeypatch.setattr(app.report_policies, "seen", lambda *a: (reads.append(a[0]), original(*a))[1])
    assert _logged(app) == ["r0", "r1", "r2"] and _logged(app) == ["r0", "r1", "r2"]
    assert reads == [DOMAIN]
    fresh = wiring.bootstrap(app.settings, **{name: getattr(app, name) for name in (
        "reports", "report_policies", "policy_log", "domains", "rollups", "summaries")})
    assert _logged(fresh) == ["r0", "r1", "r2"] and reads == [DOMAIN]  # a new container: the mark says done


def test_a_copy_read_again_with_another_begin_leaves_its_former_day(app: Container) -> None:
    app.domains.add(DOMAIN)
    app.policy_log.mark_complete(DOMAIN)
    first = report("a", records=2)
    _deliver(app, "incoming/cli-a", to_mail(first))
    moved = report("a", records=2, begin=DAY0 + timedelta(days=1))  # the same object read by another parser
    _deliver(app, "incoming/cli-a", to_mail(moved))
    assert [(e.report_id, e.begin) for e in app.policies.seen(DOMAIN, D, D + timedelta(days=3))] == [
        ("a", moved.metadata.begin)]
