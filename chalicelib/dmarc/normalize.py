"""Normalisation of report values onto their enumerations and types. Each function returns the normalised
value, or raises ValueError with a message for the report's warnings."""
from __future__ import annotations

import sys
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from socket import AF_INET, AF_INET6, inet_pton

from chalicelib.dmarc.model import DISPOSITIONS, DKIM_RESULTS, OVERRIDE_TYPES, SPF_RESULTS

MAX_COUNT = 2**63 - 1

_AUTH_ALIASES = {
    "hardfail": "fail",
    "unknown": "temperror",
    "error": "permerror",
    "temp_error": "temperror",
    "perm_error": "permerror",
    "tempfail": "temperror",
    "permfail": "permerror",
}
_DKIM_ALIASES = {**_AUTH_ALIASES, "softfail": "fail"}
_SPF_ALIASES = _AUTH_ALIASES
_DISPOSITION_ALIASES = {"quarantined": "quarantine", "rejected": "reject", "accept": "none", "delivered": "none"}
_intern = sys.intern
_from_bytes = int.from_bytes
_V4_MAPPED = bytes(10) + b"\xff\xff"  # ::ffff:0:0/96, IPv4-mapped IPv6 addresses (read as the IPv4 address)


def domain(text: str | None) -> str | None:
    if not text:
        return None
    value = text.strip().lower().rstrip(".")
    return _intern(value) if value else None


def optional_text(text: str | None) -> str | None:
    if text is None:
        return None
    value = text.strip()
    return value or None


def ip(text: str | None) -> IPv4Address | IPv6Address:
    value = (text or "").strip()
    if not value:
        raise ValueError("source_ip is empty")
    try:  # fast paths: the C parser for the common, plain forms (same acceptance as ipaddress for these)
        if ":" not in value:  # built from an int: ipaddress's quickest constructor
            return IPv4Address(_from_bytes(inet_pton(AF_INET, value), "big"))
        packed = inet_pton(AF_INET6, value)
        if packed[:12] == _V4_MAPPED:
            return IPv4Address(_from_bytes(packed[12:], "big"))
        return IPv6Address(_from_bytes(packed, "big"))
    except OSError:
        pass
    try:
        address = ip_address(value.strip("[]"))
    except ValueError:
        raise ValueError(f"source_ip {value[:60]!r} is not an IP address") from None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def count(text: str | None) -> int:
    value = (text or "").strip()
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"count {value[:40]!r} is not an integer") from None
    if number < 0:
        raise ValueError(f"count {number} is negative")
    if number > MAX_COUNT:
        raise ValueError(f"count {value[:40]} is beyond 2^63")
    return number


def _enum(text: str | None, allowed: tuple[str, ...], aliases: dict[str, str], what: str,
          default: str) -> tuple[str, str | None]:
    raw = (text or "").strip().lower().replace(" ", "")
    value = aliases.get(raw, raw)
    if value in allowed:
        return _intern(value), None
    if not raw:
        return default, f"{what} is empty; read as {default!r}"
    return default, f"{what} {raw[:40]!r} is not a known value; read as {default!r}"


def dkim_result(text: str | None) -> tuple[str, str | None]:
    return _enum(text, DKIM_RESULTS, _DKIM_ALIASES, "dkim result", "none")


def spf_result(text: str | None) -> tuple[str, str | None]:
    return _enum(text, SPF_RESULTS, _SPF_ALIASES, "spf result", "none")


def disposition(text: str | None) -> tuple[str, str | None]:
    return _enum(text, DISPOSITIONS, _DISPOSITION_ALIASES, "disposition", "none")


def override_type(text: str | None) -> tuple[str, str | None]:
    return _enum(text, OVERRIDE_TYPES, {}, "override reason type", "other")


def dmarc_pass(text: str | None) -> tuple[bool | None, str | None]:
    """A policy_evaluated verdict; None when absent or empty (the builder then computes it from auth_results)."""
    raw = (text or "").strip().lower()
    if raw in ("pass", "fail"):
        return raw == "pass", None
    if not raw:
        return None, None
    return False, f"policy_evaluated result {raw[:40]!r} is not pass/fail; read as fail"


def spf_scope(text: str | None) -> tuple[str | None, str | None]:
    raw = (text or "").strip().lower()
    if raw in ("mfrom", "helo"):
        return _intern(raw), None
    if not raw:
        return None, None
    return None, f"spf scope {raw[:40]!r} is not mfrom/helo; ignored"


def timestamp(text: str | None, what: str) -> datetime:
    value = (text or "").strip()
    if not value:
        raise ValueError(f"{what} is missing")
    try:
        return datetime.fromtimestamp(int(float(value)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{what} {value[:40]!r} is not a timestamp") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def percent(text: str | None) -> int | None:
    value = (text or "").strip()
    if not value:
        return None
    try:
        number = int(float(value))
    except (ValueError, OverflowError):
        raise ValueError(f"pct {value[:20]!r} is not a number") from None
    if not 0 <= number <= 100:
        raise ValueError(f"pct {value[:20]!r} is outside 0-100")
    return number


def report_id(text: str | None) -> str | None:
    value = optional_text(text)
    if value and value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip() or None
    return value
