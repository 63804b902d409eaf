"""One posture check of a domain: every area in turn; an area whose DNS questions cannot be answered gives a
`dns_unanswered` finding instead of its own (the other areas still run)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.ports.dns import DnsError, Resolver
from chalicelib.ports.https import Fetcher
from chalicelib.posture.dkim import check_dkim
from chalicelib.posture.dmarc import DmarcResult, check_dmarc
from chalicelib.posture.inbound import check_bimi, check_mta_sts, check_tls_rpt
from chalicelib.posture.lookup import Lookup
from chalicelib.posture.model import Finding, PostureCheck, Severity
from chalicelib.posture.spf import check_spf


def check_domain(resolver: Resolver, fetcher: Fetcher, domain: str, aligned_rua: str,
                 selectors: list[tuple[str, str]], at: datetime) -> PostureCheck:
    lookup = Lookup(resolver)
    findings: list[Finding] = []

    def area(name: str, run: Callable[[], tuple[Finding, ...]]) -> None:
        try:
            findings.extend(run())
        except DnsError as exc:
            findings.append(Finding(name, "dns_unanswered", Severity.MEDIUM, domain, (("error", str(exc)[:120]),)))

    dmarc = DmarcResult((), None)

    def run_dmarc() -> tuple[Finding, ...]:
        nonlocal dmarc
        dmarc = check_dmarc(lookup, domain, aligned_rua)
        return dmarc.findings

    area("dmarc", run_dmarc)
    area("spf", lambda: check_spf(lookup, domain))
    area("dkim", lambda: check_dkim(lookup, selectors))
    area("mta_sts", lambda: check_mta_sts(lookup, fetcher, domain))
    has_sts = any(r.values for (n, _), r in lookup.read.items() if n == f"_mta-sts.{domain}")
    area("tls_rpt", lambda: check_tls_rpt(lookup, domain, has_sts))
    area("bimi", lambda: check_bimi(lookup, domain, dmarc.policy))
    ordered = sorted(findings, key=lambda f: (-f.severity, f.area, f.code, f.record))
    return PostureCheck(domain, at, tuple(ordered), tuple(lookup.read.values()))
