"""Wraps a rendered report the way its reporter mails it: zip, gzip or bare XML, in an RFC 5322 message."""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from local.demo.reporters import Reporter
from local.demo.senders import DEMO_DOMAIN
from local.ses import received

_POLICY = SMTP.clone(max_line_length=998)  # no RFC 2231 splitting of long file names
RUA_ADDRESS = f"dmarc-reports@rua.{DEMO_DOMAIN}"


def report_filename(reporter: Reporter, day: date) -> str:
    begin, end = reporter.window(day)
    stem = f"{reporter.submitter}!{DEMO_DOMAIN}!{int(begin.timestamp())}!{int(end.timestamp())}"
    return stem + {"zip": ".zip", "gzip": ".xml.gz", "xml": ".xml"}[reporter.container]


def pack(reporter: Reporter, day: date, xml: bytes) -> tuple[str, bytes, str]:
    """(file name, payload bytes, MIME type); byte-for-byte deterministic (fixed timestamps)."""
    name = report_filename(reporter, day)
    begin, _ = reporter.window(day)
    if reporter.container == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            member = zipfile.ZipInfo(name.removesuffix(".zip") + ".xml", begin.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, xml)
        return name, buf.getvalue(), "application/zip"
    if reporter.container == "gzip":
        buf = io.BytesIO()
        with gzip.GzipFile(name.removesuffix(".gz"), "wb", fileobj=buf, mtime=int(begin.timestamp())) as stream:
            stream.write(xml)
        return name, buf.getvalue(), "application/gzip"
    return name, xml, "text/xml"


def mail(reporter: Reporter, day: date, xml: bytes, authenticated: bool = True, domain: str = DEMO_DOMAIN) -> bytes:
    """The report mail as SES stores it; `authenticated=False`: SES saw DMARC and DKIM fail (a forgery)."""
    name, payload, mime = pack(reporter, day, xml)
    report_id = reporter.report_id(day)
    begin, end = reporter.window(day)
    msg = EmailMessage()
    msg["From"] = reporter.sender
    msg["To"] = RUA_ADDRESS
    msg["Subject"] = f"Report Domain: {domain} Submitter: {reporter.submitter} Report-ID: <{report_id}>"
    msg["Date"] = format_datetime(_sent_at(end))
    msg["Message-ID"] = f"<{report_id}@{reporter.submitter}>"
    maintype, subtype = mime.split("/")
    if reporter.container == "zip":  # Google: the whole message is the zip file
        msg.set_content(payload, maintype=maintype, subtype=subtype, disposition="attachment", filename=name)
    else:
        text = reporter.body.format(domain=domain, begin=begin.strftime("%Y-%m-%d %H:%M:%S"),
                                    end=end.strftime("%Y-%m-%d %H:%M:%S"))
        msg.set_content(text or f"DMARC aggregate report for {domain}\n")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=name)
        msg.set_boundary(f"----=_Part_{report_id[:16]}")
    return received(msg.as_bytes(policy=_POLICY), parseaddr(reporter.sender)[1].rsplit("@", 1)[-1], authenticated)


TLS_REPORTERS = {  # submitter -> (organization-name, contact-info, From)
    "google.com": ("Google Inc.", "smtp-tls-reporting@google.com", "noreply-smtp-tls-reporting@google.com"),
    "microsoft.com": ("Microsoft Corporation", "tlsrpt-noreply@microsoft.com", "tlsrpt-noreply@microsoft.com"),
}


def tls_report_mail(day: date, submitter: str = "google.com", successes: int = 12,
                    failures: tuple[tuple[str, str, int], ...] = ()) -> bytes:
    """An SMTP TLS report (RFC 8460) as the reporter mails it to the rua of _smtp._tls: the demo domain's MTA-STS
    policy (testing, mx1 only) and the sessions of the day, `failures` as (result type, receiving MX, sessions)."""
    org, contact, sender = TLS_REPORTERS[submitter]
    start = datetime.combine(day, time(), UTC)
    details = [{"result-type": kind, "sending-mta-ip": "209.85.220.41" if submitter == "google.com" else
                "40.107.22.31", "receiving-mx-hostname": mx, "failed-session-count": n}
               for kind, mx, n in failures]
    doc = {"organization-name": org,
           "date-range": {"start-datetime": f"{start:%Y-%m-%d}T00:00:00Z",
                          "end-datetime": f"{start:%Y-%m-%d}T23:59:59Z"},
           "contact-info": contact, "report-id": f"{start:%Y-%m-%d}T00:00:00Z_{DEMO_DOMAIN}@{submitter}",
           "policies": [{"policy": {"policy-type": "sts", "policy-string": [
               "version: STSv1", "mode: testing", f"mx: mx1.{DEMO_DOMAIN}", "max_age: 604800"],
               "policy-domain": DEMO_DOMAIN, "mx-host": [f"mx1.{DEMO_DOMAIN}"]},
               "summary": {"total-successful-session-count": successes,
                           "total-failure-session-count": sum(n for _, _, n in failures)},
               **({"failure-details": details} if details else {})}]}
    buf = io.BytesIO()
    with gzip.GzipFile("report.json", "wb", fileobj=buf, mtime=int(start.timestamp())) as stream:
        stream.write(json.dumps(doc).encode())
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = f"tls-reports@rua.{DEMO_DOMAIN}"
    msg["Subject"] = f"Report Domain: {DEMO_DOMAIN} Submitter: {submitter} Report-ID: <{start:%Y.%m.%d}T00.00.00Z>"
    msg["Date"] = format_datetime(_sent_at(start + timedelta(days=1)))
    msg["Message-ID"] = f"<tlsrpt-{start:%Y%m%d}@{submitter}>"
    msg["TLS-Report-Domain"] = DEMO_DOMAIN
    msg["TLS-Report-Submitter"] = submitter
    msg.set_content(f"This is an aggregate TLS report from {submitter}\n")
    msg.add_attachment(buf.getvalue(), maintype="application", subtype="tlsrpt+gzip",
                       filename=f"{submitter}!{DEMO_DOMAIN}!{int(start.timestamp())}!001.json.gz")
    msg.set_boundary(f"----=_Part_tlsrpt_{start:%Y%m%d}")
    msg.set_type("multipart/report")
    msg.set_param("report-type", "tlsrpt")
    return received(msg.as_bytes(policy=_POLICY), submitter, True)


def _sent_at(end: datetime) -> datetime:
    """Reports go out a few hours after the window closes (UTC, so the bytes do not depend on the machine)."""
    return end.replace(microsecond=0) + timedelta(hours=3)
