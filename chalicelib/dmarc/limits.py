"""Safety limits for untrusted input. Every decompression and every parse is bounded by one of these.

XML nesting depth is capped at 256 levels by libxml2 itself (huge_tree stays off); deeper input is refused as
limit_exceeded."""
from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_message_bytes: int = 64 * MiB  # the raw e-mail or file as received
    max_report_bytes: int = 256 * MiB  # decompressed bytes of one report payload
    max_total_bytes: int = 512 * MiB  # decompressed bytes across all payloads of one message
    max_ratio: int = 1000  # decompressed / compressed, checked once past `ratio_grace_bytes`
    ratio_grace_bytes: int = 1 * MiB
    max_zip_members: int = 64
    max_mime_parts: int = 256
    max_nesting: int = 4  # containers inside containers (zip in gzip, message/rfc822 in a message ...)
    max_records: int = 2_000_000
    max_text_bytes: int = 64 * 1024  # one element's text
    max_json_bytes: int = 16 * MiB  # one SMTP TLS report (JSON is read whole; real ones are a few KB)

    def __post_init__(self) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            if getattr(self, name) <= 0:
                raise ValueError(f"limit {name} must be positive")


DEFAULT_LIMITS = Limits()
