"""The records about mail to the domain and its brand: MTA-STS (RFC 8461: _mta-sts TXT and the policy file,
fetched through the HTTPS port), TLS-RPT (RFC 8460: _smtp._tls) and BIMI (default._bimi: presence and syntax)."""
from __future__ import annotations

import re

from chalicelib.ports.https import MAX_POLICY_BYTES, POLICY_TIMEOUT, Fetcher, FetchError
from chalicelib.posture.lookup import Lookup, tags
from chalicelib.posture.model import Finding, Severity

MAX_AGE = 31_557_600
_STS_ID = re.compile(r"^[A-Za-z0-9]{1,32}$")


def check_mta_sts(lookup: Lookup, fetcher: Fetcher, domain: str) -> tuple[Finding, ...]:
    name = f"_mta-sts.{domain}"
    records = lookup.starting(name, "v=STSv1") or ()
    if not records:
        return (Finding("mta_sts", "mta_sts_missing", Severity.LOW, name),)
    if len(records) > 1:
        return (Finding("mta_sts", "mta_sts_multiple", Severity.HIGH, name, (("count", str(len(records))),)),)
    parsed = tags(records[0])
    if parsed is None or not _STS_ID.match(parsed.get("id", "")):
        return (Finding("mta_sts", "mta_sts_syntax", Severity.HIGH, name, (("record", records[0][:120]),)),)
    url = f"https://mta-sts.{domain}/.well-known/mta-sts.txt"
    try:
        body = fetcher.get(url, MAX_POLICY_BYTES, POLICY_TIMEOUT).decode("utf-8")
    except (FetchError, UnicodeDecodeError) as exc:
        lookup.keep(url, "HTTPS", None)
        return (Finding("mta_sts", "mta_sts_policy_unavailable", Severity.HIGH, url, (("error", str(exc)[:120]),)),)
    lookup.keep(url, "HTTPS", (body,))
    return tuple(_policy(lookup, domain, url, body))


def _policy(lookup: Lookup, domain: str, url: str, body: str) -> list[Finding]:
    fields: dict[str, list[str]] = {}
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip().lower(), []).append(value.strip())
    mode = (fields.get("mode") or [""])[0]
    patterns = [p.lower().rstrip(".") for p in fields.get("mx", [])]
    age = (fields.get("max_age") or [""])[0]
    if fields.get("version") != ["STSv1"] or mode not in ("enforce", "testing", "none") or not age.isdigit() \
            or int(age) > MAX_AGE or (mode != "none" and not patterns):
        return [Finding("mta_sts", "mta_sts_policy_invalid", Severity.HIGH, url)]
    out: list[Finding] = []
    if mode == "testing":
        out.append(Finding("mta_sts", "mta_sts_testing", Severity.INFO, url))
    elif mode == "none":
        out.append(Finding("mta_sts", "mta_sts_mode_none", Severity.LOW, url))
    if mode != "none":
        hosts = [host for _, host in lookup.resolver.mx(domain) or ()]
        unmatched = [h for h in hosts if not any(_matches(h, p) for p in patterns)]
        if unmatched:
            out.append(Finding("mta_sts", "mta_sts_mx_mismatch", Severity.HIGH, url,
                               (("hosts", ", ".join(unmatched[:5])),)))
    return out


def _matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return host == pattern


def check_tls_rpt(lookup: Lookup, domain: str, has_sts: bool) -> tuple[Finding, ...]:
    name = f"_smtp._tls.{domain}"
    records = lookup.starting(name, "v=TLSRPTv1") or ()
    if not records:
        return (Finding("tls_rpt", "tls_rpt_missing", Severity.MEDIUM if has_sts else Severity.LOW, name),)
    if len(records) > 1:
        return (Finding("tls_rpt", "tls_rpt_multiple", Severity.HIGH, name, (("count", str(len(records))),)),)
    parsed = tags(records[0])
    uris = [u.strip() for u in (parsed or {}).get("rua", "").split(",") if u.strip()]
    if parsed is None or not uris or not all(u.lower().startswith(("mailto:", "https://")) for u in uris):
        return (Finding("tls_rpt", "tls_rpt_syntax", Severity.MEDIUM, name, (("record", records[0][:120]),)),)
    return ()


def check_bimi(lookup: Lookup, domain: str, policy: str | None) -> tuple[Finding, ...]:
    name = f"default._bimi.{domain}"
    records = lookup.starting(name, "v=BIMI1") or ()
    if not records:
        return (Finding("bimi", "bimi_missing", Severity.INFO, name),)
    parsed = tags(records[0]) if len(records) == 1 else None
    logo, evidence = (parsed or {}).get("l", ""), (parsed or {}).get("a", "")
    if parsed is None or any(v and not v.lower().startswith("https://") for v in (logo, evidence)) \
            or (logo and not logo.lower().endswith(".svg")):
        return (Finding("bimi", "bimi_syntax", Severity.LOW, name, (("record", records[0][:120]),)),)
    if policy not in ("quarantine", "reject"):
        return (Finding("bimi", "bimi_needs_enforcement", Severity.LOW, name),)
    return ()
