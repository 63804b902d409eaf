"""A small builder of valid RFC 7489 aggregate reports and of the containers they travel in (gzip, zip, e-mail).

Every argument that ends in `_xml` is inserted verbatim, so a test can put CDATA, entity references or broken
values exactly where it wants them; the other arguments are escaped text.
"""
from __future__ import annotations

import base64
import gzip
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

BEGIN = 1_700_006_400  # 2023-11-15T00:00:00Z
END = BEGIN + 86_399


def record_xml(index: int = 0, *, source_ip_xml: str | None = None, count_xml: str = "3",
               comment_xml: str | None = None) -> str:
    ip = source_ip_xml if source_ip_xml is not None else f"192.0.2.{index % 250 + 1}"
    reason = (f"<reason><type>forwarded</type><comment>{comment_xml}</comment></reason>"
              if comment_xml is not None else "")
    return (
        "<record><row>"
        f"<source_ip>{ip}</source_ip><count>{count_xml}</count>"
        f"<policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf>{reason}"
        "</policy_evaluated></row>"
        "<identifiers><header_from>example.com</header_from><envelope_from>bounce.example.com</envelope_from>"
        "</identifiers>"
        "<auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>"
        "<spf><domain>bounce.example.com</domain><scope>mfrom</scope><result>softfail</result></spf>"
        "</auth_results></record>\n"
    )


def aggregate_xml(*, org_name: str = "Hostile Test Receiver", org_name_xml: str | None = None,
                  report_id: str = "hostile-0001", domain: str = "example.com", records: int = 1,
                  begin_xml: str = str(BEGIN), end_xml: str = str(END), pct_xml: str = "100",
                  prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n', doctype: str = "",
                  record_xmls: list[str] | None = None, feedback_attrs: str = "") -> bytes:
    """One aggregate report as UTF-8 bytes; `records` copies of a standard record unless `record_xmls` is given."""
    org = org_name_xml if org_name_xml is not None else escape(org_name)
    body = "".join(record_xmls) if record_xmls is not None else "".join(record_xml(i) for i in range(records))
    text = (
        f"{prolog}{doctype}<feedback{feedback_attrs}>\n<version>1.0</version>\n"
        "<report_metadata>"
        f"<org_name>{org}</org_name><email>noreply-dmarc@receiver.example</email>"
        f"<report_id>{escape(report_id)}</report_id>"
        f"<date_range><begin>{begin_xml}</begin><end>{end_xml}</end></date_range>"
        "</report_metadata>\n"
        "<policy_published>"
        f"<domain>{escape(domain)}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp>"
        f"<pct>{pct_xml}</pct><fo>0</fo>"
        "</policy_published>\n"
        f"{body}</feedback>\n"
    )
    return text.encode("utf-8")


REPORT_NAME = "receiver.example!example.com!1700006400!1700092799"


def gz(data: bytes, level: int = 6) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


def zip_of(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Attachment:
    payload: bytes
    filename: str | None = f"{REPORT_NAME}.xml.gz"
    content_type: str = "application/gzip"
    body: bytes | None = None  # the already-encoded body, verbatim (to send broken base64)


def base64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def email_message(attachments: list[Attachment], *, subject: str = "Report Domain: example.com "
                  "Submitter: receiver.example Report-ID: <hostile-0001>",
                  boundary: str = "=_hostile_boundary_0") -> bytes:
    """A multipart/mixed report e-mail with a short text part and the given base64 attachments (CRLF lines)."""
    head = (
        "From: DMARC Reports <noreply-dmarc@receiver.example>\r\n"
        "To: dmarc@example.com\r\n"
        f"Subject: {subject}\r\n"
        "Date: Wed, 15 Nov 2023 12:00:00 +0000\r\n"
        "Message-ID: <hostile-0001@receiver.example>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
        "This is a multi-part message in MIME format.\r\n"
        f"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is an aggregate report from receiver.example.\r\n"
    ).encode()
    parts = [head]
    for item in attachments:
        disposition = f'attachment; filename="{item.filename}"' if item.filename else "attachment"
        parts.append(
            (f"--{boundary}\r\nContent-Type: {item.content_type}\r\nContent-Transfer-Encoding: base64\r\n"
             f"Content-Disposition: {disposition}\r\n\r\n").encode()
        )
        parts.append(item.body if item.body is not None else base64_lines(item.payload))
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def forms(xml: bytes) -> dict[str, bytes]:
    """The same report as a bare file, gzip, zip and e-mails carrying gzip and zip."""
    zipped = zip_of([(f"{REPORT_NAME}.xml", xml)])
    return {
        "xml": xml,
        "gzip": gz(xml),
        "zip": zipped,
        "email-gzip": email_message([Attachment(gz(xml))]),
        "email-zip": email_message([Attachment(zipped, f"{REPORT_NAME}.zip", "application/zip")]),
    }
