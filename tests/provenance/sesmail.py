"""Mails as SES stores them: the verdict headers it prepends on top of the original header block."""
from __future__ import annotations


def ses_headers(from_domain: str, dmarc: str = "pass", dkim: str = "pass", dkim_domain: str | None = None,
                spam: str = "PASS", virus: str = "PASS") -> bytes:
    signer = dkim_domain or from_domain
    return (  # noqa: UP032 (one template, read top to bottom)
        "Return-Path: <bounce@{d}>\r\n"
        "Received: from mail.{d} (mail.{d} [192.0.2.10]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id"
        " abc123 for rua@reports.example.com; Mon, 03 Mar 2025 01:02:03 +0000 (UTC)\r\n"
        "X-SES-Spam-Verdict: {spam}\r\n"
        "X-SES-Virus-Verdict: {virus}\r\n"
        "Received-SPF: pass (spfCheck: domain of {d} designates 192.0.2.10 as permitted sender)"
        " client-ip=192.0.2.10; envelope-from=bounce@{d}; helo=mail.{d};\r\n"
        "Authentication-Results: amazonses.com;\r\n"
        " spf=pass (spfCheck: domain of {d} designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;"
        " envelope-from=bounce@{d}; helo=mail.{d};\r\n"
        " dkim={dkim} header.i=@{s};\r\n"
        " dmarc={dmarc} header.from={d};\r\n"
    ).format(d=from_domain, s=signer, dmarc=dmarc, dkim=dkim, spam=spam, virus=virus).encode()


def report_mail(from_address: str, extra_headers: bytes = b"") -> bytes:
    return (extra_headers + f"From: DMARC Reports <{from_address}>\r\nTo: rua@reports.example.com\r\n"
            "Subject: Report domain: example.com\r\nMIME-Version: 1.0\r\n\r\nbody\r\n".encode())


def wrap(mail: bytes, from_domain: str, **verdicts: str) -> bytes:
    return ses_headers(from_domain, **verdicts) + mail
