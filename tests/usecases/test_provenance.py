"""Only authenticated reports count (issue 11), on the fakes: a forged copy never wins whatever the arrival
order, live or after reprocess; held reports count nowhere until accepted; conflicts are recorded with both
digests; the operator's imports are trusted."""
from __future__ import annotations

import itertools

import pytest

from chalicelib.ports.ingest import Status
from chalicelib.provenance import Trust
from chalicelib.services.held import report_id
from chalicelib.services.ingest import Verdict
from chalicelib.services.trust import CONFLICT
from chalicelib.wiring import Container
from local.ses import ses_headers
from tests.ingest.reportgen import report, to_mail
from tests.usecases.test_ingest import BUCKET, _deliver, _totals

GENUINE = report("r-1", records=5, count=1)  # 5 messages, mailed by google.com through SES, authenticated
FORGED = report("r-1", records=1, count=1_000_000)  # same key (domain | google.com | r-1), forged figures


def forged_mail() -> bytes:
    """The forged report as an attacker can mail it: from google.com, but SES saw DMARC and DKIM fail."""
    return to_mail(FORGED, authenticated=False)


def total(app: Container) -> int:
    return sum(_totals(app).values())


@pytest.mark.parametrize("order", list(itertools.permutations(["forged", "genuine"])))
def test_the_genuine_report_wins_in_any_order_live_and_after_reprocess(app: Container, order: tuple[str, ...]):
    app.domains.add("example.com")
    mails = {"forged": forged_mail(), "genuine": to_mail(GENUINE)}
    verdicts = [_deliver(app, mails[name], f"incoming/{name}").reports[0].verdict for name in order]
    assert total(app) == 5
    assert verdicts[0] in (Verdict.INGESTED, Verdict.HELD) and verdicts[1] is Verdict.CONFLICT
    stored = app.reports.get("example.com|google.com|r-1")
    assert stored is not None and stored.raw_key == "incoming/genuine" and stored.provenance.trust is Trust.VERIFIED
    conflicts = [f for f in app.failures.page(10).items if f.kind == CONFLICT]
    assert len(conflicts) == 1 and conflicts[0].object_key == "incoming/forged"
    assert stored.content in conflicts[0].message and stored.content is not None
    for _ in range(2):  # reprocess reads the objects in key order, not arrival order: same end state
        app.reprocess.run(BUCKET, "incoming/")
        assert total(app) == 5
        again = app.reports.get("example.com|google.com|r-1")
        assert again is not None and again.raw_key == "incoming/genuine"


def test_a_forged_pass_below_ses_header_is_ignored(app: Container) -> None:
    app.domains.add("example.com")
    forged_pass = ses_headers("google.com").replace(b"Authentication-Results: amazonses.com;",
                                                   b"Authentication-Results: mx.google.com;")
    mail = ses_headers("google.com", dmarc="fail", dkim="fail") + forged_pass + to_mail(GENUINE, None)
    outcome = _deliver(app, mail, "incoming/lower").reports[0]
    assert outcome.verdict is Verdict.HELD and outcome.provenance is not None
    assert outcome.provenance.reason == "dmarc_fail" and total(app) == 0


def test_a_held_report_counts_nowhere_until_accepted(app: Container) -> None:
    app.domains.add("example.com")
    outcome = _deliver(app, to_mail(GENUINE, None), "incoming/no-ses").reports[0]  # not through SES
    assert outcome.verdict is Verdict.HELD and outcome.provenance.reason == "no_ses_header"  # type: ignore[union-attr]
    held = app.held_reports.held(10).items
    assert [h.key for h in held] == [outcome.key] and held[0].status is Status.HELD
    assert total(app) == 0 and app.analyses.overview("example.com", _range())[0].messages == 0
    accepted = app.held_reports.accept(report_id(outcome.key))
    assert accepted.status is Status.APPLIED and accepted.provenance.reason == "accepted"
    assert total(app) == 5 and app.analyses.overview("example.com", _range())[0].messages == 5
    assert app.held_reports.held(10).items == ()
    app.reprocess.run(BUCKET, "incoming/")  # an accepted report stays accepted when read again
    assert total(app) == 5


def test_rejected_reports_stay_out_and_trusting_a_reporter_accepts_its_held_reports(app: Container) -> None:
    app.domains.add("example.com")
    first = _deliver(app, to_mail(report("a", records=2), False), "incoming/a").reports[0]
    second = _deliver(app, to_mail(report("b", records=3), False), "incoming/b").reports[0]
    app.held_reports.reject(report_id(first.key))
    assert app.reports.get(first.key).status is Status.REJECTED  # type: ignore[union-attr]
    assert app.held_reports.trust_reporter("google.com") == 1  # the held one; the rejected one stays rejected
    assert app.reports.get(second.key).status is Status.APPLIED  # type: ignore[union-attr]
    assert app.held_reports.trusted_reporters() == ["google.com"] and total(app) == 3  # report "b" only


def test_the_operators_import_is_trusted(app: Container) -> None:
    app.domains.add("example.com")
    outcome = _deliver(app, to_mail(GENUINE, None), "incoming/cli-1-000001").reports[0]
    assert outcome.verdict is Verdict.INGESTED and outcome.provenance.trust is Trust.OPERATOR  # type: ignore[union-attr]


def test_counting_unverified_reports_is_a_setting(app: Container) -> None:
    from dataclasses import replace

    app.domains.add("example.com")
    app.ingest.policy = replace(app.ingest.policy, count_unverified=True)
    assert _deliver(app, to_mail(GENUINE, None), "incoming/x").reports[0].verdict is Verdict.INGESTED
    assert total(app) == 5


def _range():  # type: ignore[no-untyped-def]
    from chalicelib.services.analyses import DayRange
    from tests.ingest.reportgen import DAY0

    return DayRange(DAY0.date(), DAY0.date())
