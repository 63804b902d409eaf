"""SMTP TLS reports through the ingest use case, on the fakes: stored per policy domain, idempotent, judged
like aggregate reports (held when not authenticated), conflicts recorded, broken ones recorded as failures."""
from __future__ import annotations

import base64
import gzip
import json
from datetime import date

from chalicelib.ports.ingest import Status
from chalicelib.provenance import Trust
from chalicelib.services.ingest import Verdict
from chalicelib.services.trust import CONFLICT
from chalicelib.wiring import Container
from local.ses import ses_headers
from tests.dmarc.test_tls import report
from tests.usecases.test_ingest import _deliver

DAY = date(2026, 3, 1)


def tls_mail(doc: dict, sender: str = "mail.example", authenticated: bool = True) -> bytes:
    headers = ses_headers(sender, dmarc="pass" if authenticated else "fail", dkim="pass" if authenticated else "fail")
    body = base64.encodebytes(gzip.compress(json.dumps(doc).encode()))
    return headers + (f"From: tls@{sender}\r\nSubject: Report Domain: example.com\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: multipart/report; report-type=tlsrpt; boundary=B\r\n\r\n--B\r\n"
                      "Content-Type: application/tlsrpt+gzip; name=r.json.gz\r\n"
                      "Content-Transfer-Encoding: base64\r\n\r\n").encode() + body + b"--B--\r\n"


def stored(app: Container, domain: str = "example.com") -> list:
    return app.tls_reports.by_domain(domain, DAY, DAY)


def test_a_tls_report_is_stored_per_policy_domain_once(app: Container) -> None:
    app.domains.add("example.com")
    doc = report()
    doc["policies"].append({"policy": {"policy-type": "sts", "policy-domain": "other.example"},
                            "summary": {"total-successful-session-count": 3, "total-failure-session-count": 0}})
    first = _deliver(app, tls_mail(doc), "incoming/a")
    assert [(r.kind, r.domain, r.verdict) for r in first.reports] == [
        ("tls", "example.com", Verdict.INGESTED), ("tls", "other.example", Verdict.UNCLAIMED)]
    assert first.reports[0].messages == 100 and first.reports[0].provenance.trust is Trust.VERIFIED
    again = _deliver(app, tls_mail(doc), "incoming/b")
    assert [r.verdict for r in again.reports] == [Verdict.DUPLICATE, Verdict.DUPLICATE]
    [mine] = stored(app)
    assert mine.key == "example.com|Example Mail|r-1" and mine.status is Status.APPLIED
    assert [p.policy_domain for p in mine.report.policies] == ["example.com"]
    assert stored(app, "other.example")[0].status is Status.UNCLAIMED
    assert not app.failures.page(10).items


def test_an_unauthenticated_tls_report_is_held_and_a_genuine_copy_wins(app: Container) -> None:
    app.domains.add("example.com")
    forged = report()
    forged["policies"][0]["summary"]["total-failure-session-count"] = 999_999
    held = _deliver(app, tls_mail(forged, authenticated=False), "incoming/forged").reports[0]
    assert held.verdict is Verdict.HELD and stored(app)[0].status is Status.HELD
    genuine = _deliver(app, tls_mail(report()), "incoming/genuine").reports[0]
    assert genuine.verdict is Verdict.CONFLICT
    [mine] = stored(app)
    assert mine.raw_key == "incoming/genuine" and mine.status is Status.APPLIED
    assert mine.report.sessions_failure == 10
    conflicts = [f for f in app.failures.page(10).items if f.kind == CONFLICT]
    assert len(conflicts) == 1 and conflicts[0].object_key == "incoming/forged"


def test_the_same_content_authenticated_later_lifts_a_held_copy(app: Container) -> None:
    app.domains.add("example.com")
    _deliver(app, tls_mail(report(), authenticated=False), "incoming/x")
    assert _deliver(app, tls_mail(report()), "incoming/y").reports[0].verdict is Verdict.INGESTED
    assert stored(app)[0].status is Status.APPLIED


def test_an_operator_import_is_trusted(app: Container) -> None:
    app.domains.add("example.com")
    result = _deliver(app, gzip.compress(json.dumps(report()).encode()), "incoming/cli-report.json.gz")
    assert result.reports[0].verdict is Verdict.INGESTED and result.reports[0].provenance.trust is Trust.OPERATOR


def test_a_broken_tls_report_is_one_failure_row(app: Container) -> None:
    doc = report()
    doc["policies"] = "nope"
    result = _deliver(app, tls_mail(doc), "incoming/bad")
    assert not result.reports and result.failure is not None and result.failure.kind == "invalid_report"
    [row] = app.failures.page(10).items
    assert "policies is not a list" in row.message and row.sender.startswith("tls@")
    _deliver(app, tls_mail(doc), "incoming/bad")  # the same mail again: still one row
    assert len(app.failures.page(10).items) == 1


def test_reprocess_stores_tls_reports_again_and_counts_no_failure(app: Container) -> None:
    from tests.usecases.test_ingest import BUCKET

    app.domains.add("example.com")
    _deliver(app, tls_mail(report()), "incoming/a")
    app.tls_reports.items.clear()  # type: ignore[attr-defined]
    summary = app.reprocess.run(BUCKET, "incoming/")
    assert summary.reports == 1 and not summary.failures
    assert stored(app)[0].status is Status.APPLIED and not app.failures.page(10).items
