"""Small report and container builders for the parser tests (the repository's own fixtures)."""
from __future__ import annotations

import gzip
import io
import zipfile
from email.message import EmailMessage

RECORD = """<record>
  <row><source_ip>{ip}</source_ip><count>{count}</count>
    <policy_evaluated><disposition>none</disposition><dkim>{dkim}</dkim><spf>{spf}</spf>{reasons}</policy_evaluated>
  </row>
  <identifiers><header_from>Example.COM.</header_from>{envelope}</identifiers>
  <auth_results>{auth}</auth_results>
</record>"""

DEFAULT_AUTH = ("<dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>"
                "<spf><domain>example.com</domain><scope>mfrom</scope><result>pass</result></spf>")


def record(ip: str = "192.0.2.1", count: int | str = 1, dkim: str = "pass", spf: str = "pass",
           auth: str = DEFAULT_AUTH, reasons: str = "", envelope: str = "") -> str:
    return RECORD.format(ip=ip, count=count, dkim=dkim, spf=spf, auth=auth, reasons=reasons, envelope=envelope)


def report(*records: str, org: str = "google.com", report_id: str = "r-1", domain: str = "example.com",
           begin: int = 1700006400, end: int = 1700092799, root_attrs: str = "", extra_policy: str = "",
           metadata_extra: str = "", version: str = "", prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n'
           ) -> bytes:
    body = "".join(records) or record()
    return (
        f"{prolog}<feedback{root_attrs}>{version}"
        f"<report_metadata><org_name>{org}</org_name><email>noreply@{org}</email><report_id>{report_id}</report_id>"
        f"<date_range><begin>{begin}</begin><end>{end}</end></date_range>{metadata_extra}</report_metadata>"
        f"<policy_published><domain>{domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp>"
        f"<pct>100</pct>{extra_policy}</policy_published>{body}</feedback>"
    ).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def email_with(attachments: list[tuple[str | None, str, bytes]], subject: str = "Report Domain: example.com "
               "Submitter: google.com", body: str = "This is an aggregate report.") -> bytes:
    message = EmailMessage()
    message["From"] = "noreply-dmarc-support@google.com"
    message["To"] = "rua@example.com"
    message["Subject"] = subject
    message.set_content(body)
    for filename, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()
