"""judge: the trust of a report from what SES computed for its mail and what the report says of its sender."""
from __future__ import annotations

from chalicelib.dmarc.alignment import aligned, organizational_domain
from chalicelib.provenance import model
from chalicelib.provenance.model import MailAuth, Provenance, Trust
from chalicelib.provenance.reporters import ReporterMap, within
from chalicelib.provenance.syntax import address_domains, domain


def operator() -> Provenance:
    """A report the operator imported (`cli import`): trusted, the operator chose the files."""
    return Provenance(Trust.OPERATOR, model.OPERATOR_IMPORT, None, "imported by the operator")


def judge(auth: MailAuth | None, org_name: str, email: str | None, reporters: ReporterMap,
          allowed: frozenset[str] = frozenset()) -> Provenance:
    """Verified when the From domain authenticated (DMARC pass for that very domain, or a DKIM pass whose
    signing domain aligns with it) and is consistent with org_name/email, or is on the operator's allow-list."""
    if auth is None:
        return _unverified(model.NO_SES_HEADER, None, "the mail has no Authentication-Results from SES")
    sender = auth.from_domain
    if (auth.virus or "").upper() == "FAIL":
        return _unverified(model.VIRUS, sender, "SES found a virus in the mail")
    if sender is None:
        return _unverified(model.NO_FROM, None, "the mail has no single From domain")
    if not _authenticated(auth, sender):
        return _unverified(model.DMARC_FAIL, sender, _auth_detail(auth, sender))
    note = f"; SES spam verdict {auth.spam}" if auth.spam and auth.spam != "PASS" else ""
    consistent, why = _consistent(sender, org_name, email, reporters)
    if consistent:
        return Provenance(Trust.VERIFIED, model.VERIFIED, sender, f"{sender} authenticated{note}")
    if any(within(sender, a) for a in filter(None, map(domain, allowed))):
        return Provenance(Trust.VERIFIED, model.ALLOWED_REPORTER, sender, f"{sender} is allow-listed{note}")
    return _unverified(model.FROM_MISMATCH, sender, why)


def _unverified(reason: str, sender: str | None, detail: str) -> Provenance:
    return Provenance(Trust.UNVERIFIED, reason, sender, detail)


def _authenticated(auth: MailAuth, sender: str) -> bool:
    if auth.dmarc == "pass" and auth.dmarc_domain == sender:
        return True
    return auth.dkim == "pass" and any(aligned(d, sender, None) for d in auth.dkim_domains)


def _auth_detail(auth: MailAuth, sender: str) -> str:
    dmarc = f"dmarc={auth.dmarc or 'none'}"
    if auth.dmarc_domain != sender:
        dmarc += f" for {auth.dmarc_domain or 'no domain'}"
    signers = f" by {', '.join(auth.dkim_domains)}" if auth.dkim_domains else ""
    return f"{dmarc}, dkim={auth.dkim or 'none'}{signers}; none of it for {sender}"


def _consistent(sender: str, org_name: str, email: str | None, reporters: ReporterMap) -> tuple[bool, str]:
    """Whether ``sender`` may speak for the report's org_name/email, and why not. A mapped org_name is sent
    only from its listed domains; an org_name that is a domain name from the same organizational domain;
    any other from the organizational domain of the report's <email>. A public mailbox domain vouches only
    through the map."""
    listed = reporters.domains_for(org_name)
    if listed is not None:
        if any(within(sender, d) for d in listed):
            return True, ""
        return False, f"{org_name[:60]!r} reports come from {', '.join(sorted(listed))}, not {sender}"
    if reporters.is_mailbox_provider(sender):
        return False, f"{sender} is a public mailbox service, not listed for {org_name[:60]!r}"
    named = domain(org_name)
    if named and "." in named:
        same = organizational_domain(named) == organizational_domain(sender)
        return same, "" if same else f"org_name {named} does not match {sender}"
    found, _ = address_domains(email or "")
    if len(found) != 1:
        return False, f"the report's email gives no single domain to compare with {sender}"
    claimed = found.pop()
    same = organizational_domain(claimed) == organizational_domain(sender)
    return same, "" if same else f"the report's email domain {claimed} does not match {sender}"
