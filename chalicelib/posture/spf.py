"""SPF (RFC 7208) at the domain: one v=spf1 record, its syntax, at most 10 DNS-querying terms (include, a, mx,
ptr, exists, redirect) across the whole include/redirect chain, at most 2 void lookups, no include loop, and
no +all or ?all ending the chain."""
from __future__ import annotations

import ipaddress

from chalicelib.posture.lookup import Lookup
from chalicelib.posture.model import Finding, Severity

AREA = "spf"
MAX_LOOKUPS = 10
MAX_VOID = 2
QUALIFIERS = "+-~?"
_MISSING = "missing"


def check_spf(lookup: Lookup, domain: str) -> tuple[Finding, ...]:
    walk = _Walk(lookup, domain)
    records = lookup.starting(domain, "v=spf1") or ()
    if not records:
        return (Finding(AREA, "spf_missing", Severity.MEDIUM, domain),)
    if len(records) > 1:
        return (Finding(AREA, "spf_multiple", Severity.HIGH, domain, (("count", str(len(records))),)),)
    final = walk.terms(domain, records[0], (domain,))
    out = walk.findings
    if walk.lookups > MAX_LOOKUPS:
        out.append(Finding(AREA, "spf_too_many_lookups", Severity.HIGH, domain,
                           (("count", str(walk.lookups)), ("max", str(MAX_LOOKUPS)))))
    if walk.voids > MAX_VOID:
        out.append(Finding(AREA, "spf_void_lookups", Severity.HIGH, domain,
                           (("count", str(walk.voids)), ("max", str(MAX_VOID)))))
    if final == "+":
        out.append(Finding(AREA, "spf_pass_all", Severity.CRITICAL, domain))
    elif final == "?":
        out.append(Finding(AREA, "spf_neutral_all", Severity.MEDIUM, domain))
    elif final is None:
        out.append(Finding(AREA, "spf_no_all", Severity.LOW, domain))
    return tuple(out)


class _Walk:
    def __init__(self, lookup: Lookup, domain: str) -> None:
        self.lookup, self.domain = lookup, domain
        self.lookups = self.voids = 0
        self.findings: list[Finding] = []

    def add(self, code: str, severity: Severity, record: str, **params: str) -> None:
        self.findings.append(Finding(AREA, code, severity, record, tuple(params.items())))

    def record(self, name: str, chain: tuple[str, ...]) -> str | None:
        """The qualifier of `all` ending the record of `name` (following redirect), None without one."""
        found = self.lookup.txt(name, keep=False)
        records = tuple(v for v in found or () if v.strip().lower().split(" ", 1)[0] == "v=spf1")
        if found is None or not found:
            self.voids += 1
        if not records:
            self.add("spf_include_missing", Severity.HIGH, name, via=chain[-2] if len(chain) > 1 else name)
            return _MISSING
        if len(records) > 1:
            self.add("spf_multiple", Severity.HIGH, name, count=str(len(records)))
            return None
        return self.terms(name, records[0], chain)

    def terms(self, name: str, record: str, chain: tuple[str, ...]) -> str | None:
        final: str | None = None
        redirect: str | None = None
        for term in record.split()[1:]:
            key, eq, value = term.partition("=")
            if eq and ":" not in key and "/" not in key:
                if key.lower() == "redirect":
                    redirect = value.strip().rstrip(".").lower()
                continue  # exp= and unknown modifiers change no result
            qualifier = term[0] if term[0] in QUALIFIERS else "+"
            body = term[1:] if term[0] in QUALIFIERS else term
            mechanism, _, argument = body.partition(":")
            mechanism = mechanism.split("/", 1)[0].lower()
            if mechanism == "all":
                final = qualifier
            elif mechanism == "include":
                self.follow(argument.rstrip(".").lower(), chain, name)
            elif mechanism in ("a", "mx", "exists", "ptr"):
                self.lookups += 1
                target = (argument.split("/", 1)[0] or name).rstrip(".").lower()
                if mechanism == "ptr":
                    self.add("spf_ptr", Severity.LOW, name)
                elif "%" not in target and self.void(mechanism, target):
                    self.voids += 1
            elif mechanism in ("ip4", "ip6"):
                if not _network(argument, 4 if mechanism == "ip4" else 6):
                    self.add("spf_syntax", Severity.HIGH, name, term=term[:80])
            else:
                self.add("spf_syntax", Severity.HIGH, name, term=term[:80])
        if final is None and redirect:
            return self.follow(redirect, chain, name)
        return final

    def follow(self, target: str, chain: tuple[str, ...], name: str) -> str | None:
        self.lookups += 1
        if not target or "%" in target:
            return None
        if target in chain:
            self.add("spf_loop", Severity.HIGH, name, target=target)
            return None
        if self.lookups > 3 * MAX_LOOKUPS:
            return None  # far past the limit already: the walk stops
        return self.record(target, (*chain, target))

    def void(self, mechanism: str, target: str) -> bool:
        answer = self.lookup.resolver.mx(target) if mechanism == "mx" else self.lookup.resolver.addresses(target)
        return not answer


def _network(text: str, version: int) -> bool:
    try:
        return ipaddress.ip_network(text, strict=False).version == version
    except ValueError:
        return False
