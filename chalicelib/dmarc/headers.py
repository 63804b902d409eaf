"""The Subject and From of a raw e-mail, to tell a failed message apart in a list: read from the header block
only (the first HEADER_BYTES), RFC 2047 decoded leniently, control and bidi characters removed, each value cut
to MAX_CHARS. Anything that does not decode gives "" rather than an error; a bare xml/gz/zip file gives ("", "")."""
from __future__ import annotations

import re
from email import policy
from email.parser import BytesHeaderParser

HEADER_BYTES = 64 * 1024
MAX_CHARS = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]+")


def subject_and_sender(data: bytes) -> tuple[str, str]:
    head = data[:HEADER_BYTES]
    if not head[:1].isalpha():  # a header block starts with a field name; xml, gzip and zip do not
        return "", ""
    return _field(head, "Subject"), _field(head, "From")


def _field(head: bytes, name: str) -> str:
    try:
        value = str(BytesHeaderParser(policy=policy.default).parsebytes(head).get(name) or "")
    except Exception:  # a malformed header the parser trips over: fall back on the raw text
        try:
            value = str(BytesHeaderParser().parsebytes(head).get(name) or "")
        except Exception:
            value = ""
    return clean(value)


def clean(text: str, limit: int = MAX_CHARS) -> str:
    """One line of printable text, at most `limit` characters (an ellipsis marks a cut)."""
    flat = " ".join(_UNSAFE.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
