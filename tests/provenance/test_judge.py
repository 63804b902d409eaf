"""judge: verified only when the From domain authenticated and may speak for the report."""
from __future__ import annotations

import pytest

from chalicelib.provenance import REASONS, MailAuth, Trust, judge, load_reporters, mail_auth, operator
from tests.provenance.sesmail import report_mail, wrap

REPORTERS = load_reporters()


def auth(from_address: str, **verdicts: str) -> MailAuth | None:
    return mail_auth(wrap(report_mail(from_address), from_address.rpartition("@")[2], **verdicts))


@pytest.mark.parametrize(("sender", "org_name", "email", "reason"), [
    ("noreply-dmarc-support@google.com", "google.com", "noreply-dmarc-support@google.com", "verified"),
    ("dmarcreport@microsoft.com", "Enterprise Outlook", "dmarcreport@microsoft.com", "verified"),
    ("dmarc@eu.protection.outlook.com", "outlook.com", None, "verified"),
    ("noreply@dmarc.yahoo.com", "YAHOO", "dmarchelp@yahooinc.com", "verified"),
    ("reports@fastmaildmarc.com", "FastMail  Pty Ltd", None, "verified"),
    ("dmarc@reports.smallisp.example", "Small ISP Ltd", "mailto:dmarc@smallisp.example", "verified"),
    ("dmarc@smallisp.example", "smallisp.example", None, "verified"),
    ("attacker@gmail.com", "google.com", "noreply-dmarc-support@google.com", "from_mismatch"),
    ("attacker@outlook.com", "Outlook.com", "dmarcreport@microsoft.com", "from_mismatch"),
    ("attacker@yahoo.com", "Yahoo", "attacker@yahoo.com", "from_mismatch"),
    ("attacker@gmail.com", "Some Reporter", "attacker@gmail.com", "from_mismatch"),
    ("attacker@evil.example", "victim.example", "attacker@evil.example", "from_mismatch"),
    ("attacker@evil.example", "Small ISP Ltd", "dmarc@smallisp.example", "from_mismatch"),
    ("attacker@evil.example", "Small ISP Ltd", None, "from_mismatch"),
])
def test_consistency(sender: str, org_name: str, email: str | None, reason: str) -> None:
    verdict = judge(auth(sender), org_name, email, REPORTERS)
    assert (verdict.reason, verdict.trust) == (reason, Trust.VERIFIED if reason == "verified" else Trust.UNVERIFIED)
    assert verdict.from_domain == sender.rpartition("@")[2] and verdict.detail


def test_authentication_is_required() -> None:
    failed = judge(auth("noreply-dmarc-support@google.com", dmarc="fail", dkim="fail"), "google.com", None, REPORTERS)
    assert (failed.trust, failed.reason) == (Trust.UNVERIFIED, "dmarc_fail")
    dkim_only = judge(auth("noreply-dmarc-support@google.com", dmarc="none"), "google.com", None, REPORTERS)
    assert dkim_only.reason == "verified"
    unaligned = auth("noreply-dmarc-support@google.com", dmarc="none", dkim_domain="mailer.example")
    assert judge(unaligned, "google.com", None, REPORTERS).reason == "dmarc_fail"


def test_dmarc_pass_for_another_domain_does_not_count() -> None:
    raw = (b"Authentication-Results: amazonses.com; dkim=fail header.d=google.com;"
           b" dmarc=pass header.from=evil.example\r\n"
           b"From: noreply-dmarc-support@google.com\r\n\r\n")
    assert judge(mail_auth(raw), "google.com", None, REPORTERS).reason == "dmarc_fail"


def test_other_unverified_reasons() -> None:
    assert judge(None, "google.com", None, REPORTERS).reason == "no_ses_header"
    assert judge(auth("x@google.com", virus="FAIL"), "google.com", None, REPORTERS).reason == "virus"
    no_from = mail_auth(b"Authentication-Results: amazonses.com; dmarc=pass header.from=google.com\r\n\r\n")
    assert judge(no_from, "google.com", None, REPORTERS).reason == "no_from"


def test_spam_verdict_is_only_named() -> None:
    verdict = judge(auth("x@google.com", spam="FAIL"), "google.com", None, REPORTERS)
    assert verdict.reason == "verified" and "FAIL" in verdict.detail


def test_allow_list_replaces_consistency_not_authentication() -> None:
    allowed = frozenset({"Reports.Example.NET."})
    ok = judge(auth("dmarc@mx.reports.example.net"), "Other Org", None, REPORTERS, allowed)
    assert (ok.trust, ok.reason) == (Trust.VERIFIED, "allowed_reporter")
    forged = judge(auth("dmarc@reports.example.net", dmarc="fail", dkim="fail"), "Other Org", None, REPORTERS, allowed)
    assert forged.reason == "dmarc_fail"


def test_operator_and_reason_list() -> None:
    assert (operator().trust, operator().reason) == (Trust.OPERATOR, "operator_import")
    assert operator().trusted and not judge(None, "x", None, REPORTERS).trusted
    assert len(set(REASONS)) == 8
