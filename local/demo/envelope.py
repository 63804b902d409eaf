"""Wraps a rendered report the way its reporter mails it: zip, gzip or bare XML, in an RFC 5322 message."""
from __future__ import annotations

import gzip
import io
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


def mail(reporter: Reporter, day: date, xml: bytes, authenticated: bool = True) -> bytes:
    """The report mail as SES stores it; `authenticated=False`: SES saw DMARC and DKIM fail (a forgery)."""
    name, payload, mime = pack(reporter, day, xml)
    report_id = reporter.report_id(day)
    begin, end = reporter.window(day)
    msg = EmailMessage()
    msg["From"] = reporter.sender
    msg["To"] = RUA_ADDRESS
    msg["Subject"] = f"Report Domain: {DEMO_DOMAIN} Submitter: {reporter.submitter} Report-ID: <{report_id}>"
    msg["Date"] = format_datetime(_sent_at(end))
    msg["Message-ID"] = f"<{report_id}@{reporter.submitter}>"
    maintype, subtype = mime.split("/")
    if reporter.container == "zip":  # Google: the whole message is the zip file
        msg.set_content(payload, maintype=maintype, subtype=subtype, disposition="attachment", filename=name)
    else:
        text = reporter.body.format(domain=DEMO_DOMAIN, begin=begin.strftime("%Y-%m-%d %H:%M:%S"),
                                    end=end.strftime("%Y-%m-%d %H:%M:%S"))
        msg.set_content(text or f"DMARC aggregate report for {DEMO_DOMAIN}\n")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=name)
        msg.set_boundary(f"----=_Part_{report_id[:16]}")
    return received(msg.as_bytes(policy=_POLICY), parseaddr(reporter.sender)[1].rsplit("@", 1)[-1], authenticated)


def tls_report_mail(day: date) -> bytes:
    """An SMTP TLS report (RFC 8460) that reached the DMARC address: Aligned must record it, not ingest it."""
    start = datetime.combine(day, time(), UTC)
    body = (f'{{"organization-name":"Google Inc.","date-range":{{"start-datetime":"{start:%Y-%m-%d}T00:00:00Z",'
            f'"end-datetime":"{start:%Y-%m-%d}T23:59:59Z"}},"contact-info":"smtp-tls-reporting@google.com",'
            f'"report-id":"{start:%Y-%m-%d}T00:00:00Z_{DEMO_DOMAIN}","policies":[{{"policy":{{"policy-type":'
            f'"no-policy-found","policy-domain":"{DEMO_DOMAIN}"}},"summary":{{"total-successful-session-count":'
            f'12,"total-failure-session-count":0}}}}]}}').encode()
    buf = io.BytesIO()
    with gzip.GzipFile("report.json", "wb", fileobj=buf, mtime=int(start.timestamp())) as stream:
        stream.write(body)
    msg = EmailMessage()
    msg["From"] = "noreply-smtp-tls-reporting@google.com"
    msg["To"] = RUA_ADDRESS
    msg["Subject"] = f"Report Domain: {DEMO_DOMAIN} Submitter: google.com Report-ID: <{start:%Y.%m.%d}T00.00.00Z>"
    msg["Date"] = format_datetime(_sent_at(start + timedelta(days=1)))
    msg["Message-ID"] = f"<tlsrpt-{start:%Y%m%d}@google.com>"
    msg["TLS-Report-Domain"] = DEMO_DOMAIN
    msg["TLS-Report-Submitter"] = "google.com"
    msg.set_content("This is an aggregate TLS report from google.com\n")
    msg.add_attachment(buf.getvalue(), maintype="application", subtype="tlsrpt+gzip",
                       filename=f"google.com!{DEMO_DOMAIN}!{int(start.timestamp())}!001.json.gz")
    msg.set_boundary(f"----=_Part_tlsrpt_{start:%Y%m%d}")
    return msg.as_bytes(policy=_POLICY)


def _sent_at(end: datetime) -> datetime:
    """Reports go out a few hours after the window closes (UTC, so the bytes do not depend on the machine)."""
    return end.replace(microsecond=0) + timedelta(hours=3)
