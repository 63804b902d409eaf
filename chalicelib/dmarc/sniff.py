"""Decides what a payload is from its first bytes (never from names or declared content types)."""
from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    GZIP = "gzip"
    ZIP = "zip"
    XML = "xml"
    JSON = "json"
    EMAIL = "email"
    EMPTY = "empty"
    OTHER_ARCHIVE = "other_archive"
    UNKNOWN = "unknown"


HEAD_BYTES = 4096
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_OTHER_ARCHIVES = (b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"\x28\xb5\x2f\xfd")
_HEADER_LINE = re.compile(rb"^(?:From [^\r\n]*\r?\n)?[!-9;-~]{1,76}:[ \t]?[^\r\n]*\r?\n")
_WS = b" \t\r\n"


def sniff(head: bytes) -> Kind:
    if not head.strip(_WS + b"\x00"):
        return Kind.EMPTY
    if head[:2] == b"\x1f\x8b":
        return Kind.GZIP
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return Kind.ZIP
    if head.startswith(_OTHER_ARCHIVES):
        return Kind.OTHER_ARCHIVE
    if head.startswith(_BOMS[1:]) or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return Kind.XML  # UTF-16: lxml reads the BOM / encoding itself
    text = head[3:] if head.startswith(_BOMS[0]) else head
    text = text.lstrip(_WS)
    if text[:1] == b"<":
        return Kind.XML
    if text[:1] in (b"{", b"["):
        return Kind.JSON
    if _HEADER_LINE.match(head):
        return Kind.EMAIL
    return Kind.UNKNOWN


def xml_offset(head: bytes) -> int:
    """Bytes to skip before an XML document: whitespace before `<?xml` (which strict parsers reject)."""
    if head.startswith(_BOMS):
        return 0
    stripped = head.lstrip(_WS)
    return len(head) - len(stripped)
