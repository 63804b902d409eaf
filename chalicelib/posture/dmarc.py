"""DMARC (RFC 9989) at _dmarc.<domain>: exactly one v=DMARC1 record, valid values (unknown tags ignored), the
removed tags pct/rf/ri flagged as obsolete, each external rua destination authorised by
<domain>._report._dmarc.<destination>, and Aligned's own address among the rua."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.posture.lookup import Lookup, tags
from chalicelib.posture.model import Finding, Severity

AREA = "dmarc"
REQUESTS = ("none", "quarantine", "reject")
VALUES = {"p": REQUESTS, "sp": REQUESTS, "np": REQUESTS, "adkim": ("r", "s"), "aspf": ("r", "s"),
          "t": ("y", "n"), "psd": ("y", "n", "u")}
OBSOLETE = ("pct", "rf", "ri")


@dataclass(frozen=True, slots=True)
class DmarcResult:
    findings: tuple[Finding, ...]
    policy: str | None  # the p= in force (none when absent or invalid), None without a usable record


def check_dmarc(lookup: Lookup, domain: str, aligned_rua: str) -> DmarcResult:
    name = f"_dmarc.{domain}"
    records = lookup.starting(name, "v=DMARC1") or ()
    out: list[Finding] = []

    def add(code: str, severity: Severity, **params: str) -> None:
        out.append(Finding(AREA, code, severity, name, tuple(params.items())))

    if not records:
        add("dmarc_missing", Severity.HIGH, rua=aligned_rua)
        return DmarcResult(tuple(out), None)
    if len(records) > 1:
        add("dmarc_multiple", Severity.HIGH, count=str(len(records)))
        return DmarcResult(tuple(out), None)
    parsed = tags(records[0])
    if parsed is None or parsed.get("v") != "DMARC1":
        add("dmarc_syntax", Severity.HIGH, record=records[0][:200])
        return DmarcResult(tuple(out), None)
    for tag, allowed in VALUES.items():
        if tag in parsed and parsed[tag].lower() not in allowed:
            add("dmarc_bad_value", Severity.HIGH if tag == "p" else Severity.MEDIUM, tag=tag,
                value=parsed[tag][:60], allowed="|".join(allowed))
    for tag in OBSOLETE:
        if tag in parsed:
            add("dmarc_obsolete_tag", Severity.LOW, tag=tag, value=parsed[tag][:60])
    policy = parsed.get("p", "").lower()
    policy = policy if policy in REQUESTS else "none"
    if "p" not in parsed:
        add("dmarc_no_policy", Severity.MEDIUM)
    elif parsed["p"].lower() == "none":  # an invalid p= is read as none, and flagged above
        add("dmarc_policy_none", Severity.LOW)
    if parsed.get("t", "").lower() == "y" and policy != "none":
        add("dmarc_testing", Severity.LOW, p=policy)
    out += _rua(lookup, domain, name, parsed.get("rua", ""), aligned_rua)
    return DmarcResult(tuple(out), policy)


def _rua(lookup: Lookup, domain: str, name: str, rua: str, aligned_rua: str) -> list[Finding]:
    out: list[Finding] = []
    addresses: list[str] = []
    for uri in (u.strip() for u in rua.split(",") if u.strip()):
        if not uri.lower().startswith("mailto:") or "@" not in uri:
            out.append(Finding(AREA, "dmarc_bad_rua", Severity.MEDIUM, name, (("uri", uri[:120]),)))
            continue
        addresses.append(uri[7:].split("!", 1)[0].strip().lower())  # RFC 7489's !size suffix is dropped
    if aligned_rua.lower() not in addresses:
        out.append(Finding(AREA, "dmarc_rua_without_aligned", Severity.HIGH, name, (("rua", aligned_rua),)))
    for address in dict.fromkeys(addresses):
        destination = address.rsplit("@", 1)[1].rstrip(".")
        if destination == domain or destination.endswith("." + domain) or domain.endswith("." + destination):
            continue  # the same organisational domain (approximated without a public suffix list)
        authorisation = f"{domain}._report._dmarc.{destination}"
        if not (lookup.starting(authorisation, "v=DMARC1") or ()):
            out.append(Finding(AREA, "dmarc_rua_unauthorised", Severity.HIGH, authorisation,
                               (("address", address), ("record", authorisation))))
    return out



def published_record(lookup: Lookup, domain: str) -> tuple[str, dict[str, str]] | None:
    """The one DMARC record at _dmarc.<domain> and its tags (names lower-case); None when there is none, more
    than one, or it does not parse (a DnsError propagates)."""
    records = lookup.starting(f"_dmarc.{domain}", "v=DMARC1", keep=False) or ()
    parsed = tags(records[0]) if len(records) == 1 else None
    if parsed is None or parsed.get("v") != "DMARC1":
        return None
    return records[0], parsed
