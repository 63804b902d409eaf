"""Mails as SES stores them: the verdict headers it prepends on top of the original header block."""
from __future__ import annotations

from local.ses import ses_headers

__all__ = ["report_mail", "ses_headers", "wrap"]


def report_mail(from_address: str, extra_headers: bytes = b"") -> bytes:
    return (extra_headers + f"From: DMARC Reports <{from_address}>\r\nTo: rua@reports.example.com\r\n"
            "Subject: Report domain: example.com\r\nMIME-Version: 1.0\r\n\r\nbody\r\n".encode())


def wrap(mail: bytes, from_domain: str, **verdicts: str) -> bytes:
    return ses_headers(from_domain, **verdicts) + mail
