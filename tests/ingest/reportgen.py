"""Generated DMARC aggregate reports for the ingest and storage tests: value objects, and the same report as
XML (optionally gzipped inside an e-mail) for the end-to-end path through the parser."""
from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from ipaddress import ip_address
from xml.sax.saxutils import escape

from chalicelib.dmarc.model import AggregateReport, DkimAuth, PolicyPublished, Record, ReportMetadata, SpfAuth
from local.ses import received

DAY0 = datetime(2026, 3, 1, tzinfo=UTC)


def record(n: int, count: int = 1, domain: str = "example.com", passing: bool = True) -> Record:
    ip = ip_address(0x0A000000 + n) if n % 5 else ip_address(f"2001:db8::{n >> 16:x}:{n & 0xffff:x}")
    return Record(
        source_ip=ip, count=count, disposition="none" if passing else "quarantine", dkim_aligned=passing,
        spf_aligned=passing and n % 2 == 0, header_from=domain, envelope_from=f"bounce{n % 7}.{domain}",
        dkim=(DkimAuth(domain if passing else "esp.example", "s1", "pass" if passing else "fail"),),
        spf=(SpfAuth(f"bounce{n % 7}.{domain}", "mfrom", "pass" if n % 2 == 0 else "softfail"),),
    )


def report(report_id: str = "r1", domain: str = "example.com", org: str = "google.com", records: int = 3,
           begin: datetime = DAY0, days: float = 1.0, count: int = 1, start: int = 1) -> AggregateReport:
    end = begin + timedelta(days=days) - timedelta(seconds=1) if days else begin
    return AggregateReport(
        schema="rfc7489", version="1.0",
        metadata=ReportMetadata(org_name=org, report_id=report_id, begin=begin, end=end, email=f"noreply@{org}"),
        policy=PolicyPublished(domain=domain, p="none", adkim="r", aspf="r", pct=100),
        records=tuple(record(start + i, count, domain, passing=i % 4 != 3) for i in range(records)),
    )


def to_xml(r: AggregateReport) -> bytes:
    m, p = r.metadata, r.policy
    rows = []
    for rec in r.records:
        dkim = "".join(f"<dkim><domain>{d.domain}</domain><selector>{d.selector}</selector>"
                       f"<result>{d.result}</result></dkim>" for d in rec.dkim)
        spf = "".join(f"<spf><domain>{s.domain}</domain><scope>{s.scope}</scope><result>{s.result}</result></spf>"
                      for s in rec.spf)
        rows.append(
            f"<record><row><source_ip>{rec.source_ip}</source_ip><count>{rec.count}</count><policy_evaluated>"
            f"<disposition>{rec.disposition}</disposition>{_verdict('dkim', rec.dkim_aligned)}"
            f"{_verdict('spf', rec.spf_aligned)}</policy_evaluated></row><identifiers>"
            f"<header_from>{rec.header_from}</header_from><envelope_from>{rec.envelope_from}</envelope_from>"
            f"</identifiers><auth_results>{dkim}{spf}</auth_results></record>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><feedback><version>1.0</version><report_metadata>'
        f"<org_name>{escape(m.org_name)}</org_name><email>{m.email}</email><report_id>{escape(m.report_id)}"
        f"</report_id><date_range><begin>{int(m.begin.timestamp())}</begin><end>{int(m.end.timestamp())}</end>"
        f"</date_range></report_metadata><policy_published><domain>{p.domain}</domain><adkim>r</adkim>"
        f"<aspf>r</aspf><p>{p.p}</p><pct>100</pct></policy_published>{''.join(rows)}</feedback>")
    return xml.encode()


def _verdict(tag: str, aligned: bool | None) -> str:
    """A policy_evaluated verdict; left out when None (unknown), as AOL's old reports leave out <spf>."""
    return "" if aligned is None else f"<{tag}>{'pass' if aligned else 'fail'}</{tag}>"


def to_mail(r: AggregateReport, authenticated: bool | None = True) -> bytes:
    """The report mailed from noreply@<org_name> as SES stores it: with passing verdicts, failing ones
    (authenticated=False) or none at all (None: not received through SES)."""
    msg = EmailMessage()
    msg["From"] = f"noreply@{r.metadata.org_name}"
    msg["To"] = f"dmarc@{r.domain}"
    msg["Subject"] = f"Report Domain: {r.domain} Submitter: {r.metadata.org_name} Report-ID: {r.metadata.report_id}"
    msg.set_content("DMARC aggregate report attached.")
    begin, end = int(r.metadata.begin.timestamp()), int(r.metadata.end.timestamp())
    name = f"{r.metadata.org_name}!{r.domain}!{begin}!{end}.xml.gz"
    msg.add_attachment(gzip.compress(to_xml(r)), maintype="application", subtype="gzip", filename=name)
    if authenticated is None:
        return msg.as_bytes()
    return received(msg.as_bytes(), r.metadata.org_name, authenticated)
