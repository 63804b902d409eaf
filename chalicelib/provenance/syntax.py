"""Small lexical helpers for header values (RFC 5322 comments and quoted strings) and domain names."""
from __future__ import annotations

import re

_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_ANGLE = re.compile(r"<([^<>]*)>")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)


def strip_comments(value: str) -> tuple[str, bool]:
    """The value without its (possibly nested) comments, each replaced by a space; and whether a comment
    was left unclosed (then everything after its opening parenthesis is dropped). Quoted strings are kept."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for ch in value:
        if escaped:
            escaped = False
            if not depth:
                out.append(ch)
        elif ch == "\\":
            escaped = True
            if not depth:
                out.append(ch)
        elif quoted:
            out.append(ch)
            quoted = ch != '"'
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if not depth:
                out.append(" ")
        elif not depth:
            quoted = ch == '"'
            out.append(ch)
    return "".join(out), depth > 0


def split_outside_quotes(value: str, sep: str) -> list[str]:
    parts: list[str] = []
    start, quoted, escaped = 0, False, False
    for i, ch in enumerate(value):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = quoted
        elif ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return parts


def unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def domain(text: str | None) -> str | None:
    """A domain name in lower case with IDNA A-labels, or None when ``text`` is not a plausible one."""
    if not text:
        return None
    name = text.strip().rstrip(".").lower()
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None
    if len(name) > 253 or not _DOMAIN.fullmatch(name):
        return None
    return name


def address_domains(value: str) -> tuple[set[str], bool]:
    """The domains of the addresses in an address-list header value (From, a report's <email>), and whether
    some address gave no domain. Display names (RFC 2047 encoded words included) and comments are ignored."""
    text, _ = strip_comments(value)
    text = _QUOTED.sub("q", text)  # quoted display names and local parts can hold "@", "," and "<"
    addresses = _ANGLE.findall(text) or [a for a in text.split(",") if a.strip()]
    found: set[str] = set()
    bad = False
    for address in addresses:
        address = address.strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        name = domain(address.rpartition("@")[2]) if "@" in address else None
        if name:
            found.add(name)
        else:
            bad = True
    return found, bad
