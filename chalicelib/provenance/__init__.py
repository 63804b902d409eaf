"""Provenance of a stored report: can its numbers be trusted? Pure (standard library only, plus the
organizational-domain helper of chalicelib.dmarc.alignment).

    auth = mail_auth(raw_mail)                       # what SES computed, from its prepended headers
    verdict = judge(auth, org_name, email, load_reporters(), allowed=frozenset({"reports.example.net"}))
    verdict = operator()                             # `cli import`: the operator chose the files

A report is **verified** when the From domain of its mail authenticated (SES's dmarc=pass with header.from
equal to that domain, or SES's dkim=pass with a signing domain aligned to it, relaxed) **and** that domain may
speak for the report's org_name/email (the reporter map when it lists the org_name; else the org_name itself
when it is a domain name; else the report's <email> domain; same organizational domain, public mailbox
domains excluded). An authenticated From domain on the operator's allow-list is trusted whatever the report
says. Authentication is never skipped: an allow-listed domain still has to pass DMARC or aligned DKIM.

Reason codes (`Provenance.reason`, stable; the UI translates them):

- ``verified`` (trust verified): authenticated and consistent with org_name/email.
- ``allowed_reporter`` (trust verified): authenticated, not consistent, but on the operator's allow-list.
- ``operator_import`` (trust operator): imported by the operator (`cli import`).
- ``no_ses_header`` (unverified): the mail has no Authentication-Results from amazonses.com (it did not come
  through SES receiving, or the object is not a mail).
- ``virus`` (unverified): SES's X-SES-Virus-Verdict is FAIL.
- ``no_from`` (unverified): no From header, several, or one that gives no single domain.
- ``dmarc_fail`` (unverified): neither a DMARC pass for the From domain nor a DKIM pass aligned with it.
- ``from_mismatch`` (unverified): authenticated, but the From domain does not match org_name/email.

A spam verdict other than PASS does not block verification (spam filters misjudge zipped reports); it is
named in `detail`."""
from chalicelib.provenance.headers import mail_auth
from chalicelib.provenance.judge import judge, operator
from chalicelib.provenance.model import REASONS, MailAuth, Provenance, Trust
from chalicelib.provenance.reporters import Reporter, ReporterMap, ReporterMapError, load_reporters

__all__ = ["REASONS", "MailAuth", "Provenance", "Reporter", "ReporterMap", "ReporterMapError", "Trust", "judge",
           "load_reporters", "mail_auth", "operator"]
