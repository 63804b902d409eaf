"""The mailbox providers that send the demo reports, each in its real-world style: container, file name,
date window, report id shape, XML details and e-mail wrapper."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class Reporter:
    org_name: str
    submitter: str  # the receiver domain in file names and the Subject
    email: str  # report_metadata/email
    sender: str  # the From header
    share: float  # part of the domain's mail this provider receives
    container: str  # "zip" (whole message is the zip), "gzip" or "xml" (attachment of a multipart message)
    id_style: str  # "digits", "hex", "dotted", "uuid"
    utc_offset_hours: int = 0  # the report day starts at local midnight (KDDI: JST)
    exclusive_end: bool = False  # end = next midnight (Microsoft, Mail.Ru) instead of 23:59:59
    version: bool = False  # emits <version>1.0</version>
    ms_namespaces: bool = False  # stray xmlns:xsd / xmlns:xsi on <feedback> (Microsoft)
    envelope_to: str | None = None  # Microsoft says which recipient domain got the mail
    envelope_from: bool = True  # Yahoo leaves it out
    extra_contact: str | None = None
    body: str = ""

    def window(self, day: date) -> tuple[datetime, datetime]:
        begin = datetime.combine(day, time(), UTC) - timedelta(hours=self.utc_offset_hours)
        end = begin + timedelta(days=1)
        return begin, end if self.exclusive_end else end - timedelta(seconds=1)

    def report_id(self, day: date) -> str:
        digest = hashlib.sha256(f"{self.org_name}|{day.isoformat()}".encode()).hexdigest()
        if self.id_style == "digits":
            return str(int(digest[:16], 16))
        if self.id_style == "dotted":
            begin, _ = self.window(day)
            return f"{int(begin.timestamp())}.{int(digest[:6], 16)}"
        if self.id_style == "uuid":
            return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
        return digest[:32]


_MS_BODY = ("This is a DMARC aggregate report from Microsoft Corporation. For Emails received between "
            "{begin} UTC to {end} UTC.\n\nYou're receiving this email because you have included your email "
            "address in the 'rua' tag of your DMARC record in DNS for {domain}.\n")

REPORTERS: tuple[Reporter, ...] = (
    Reporter("google.com", "google.com", "noreply-dmarc-support@google.com", "noreply-dmarc-support@google.com",
             0.42, "zip", "digits", extra_contact="https://support.google.com/a/answer/2466580"),
    Reporter("Outlook.com", "protection.outlook.com", "dmarcreport@microsoft.com",
             "DMARC Aggregate Report <dmarcreport@microsoft.com>", 0.13, "gzip", "hex", exclusive_end=True,
             version=True, ms_namespaces=True, envelope_to="outlook.com", body=_MS_BODY),
    Reporter("Enterprise Outlook", "enterprise.protection.outlook.com", "dmarcreport@microsoft.com",
             "DMARC Aggregate Report <dmarcreport@microsoft.com>", 0.17, "gzip", "hex", exclusive_end=True,
             version=True, ms_namespaces=True, envelope_to="partner-corp.example", body=_MS_BODY),
    Reporter("Yahoo", "yahoo.com", "dmarchelp@yahooinc.com", "noreply@dmarc.yahoo.com", 0.12, "gzip", "dotted",
             envelope_from=False),
    Reporter("kddi.com", "kddi.com", "dmarc-report@kddi.com", "dmarc-report@kddi.com", 0.10, "xml", "uuid",
             utc_offset_hours=9, version=True, body="This is an aggregate report from kddi.com.\n"),
    Reporter("Mail.Ru", "mail.ru", "dmarc_support@corp.mail.ru", "dmarc_support@corp.mail.ru", 0.06, "gzip",
             "digits", exclusive_end=True, extra_contact="https://help.mail.ru/mail-help"),
)
