"""RegistryEntry, the value object of the source-IP registry, and the validation that builds it.

Decisions:
- A bare address is a host network: /32 for IPv4, /128 for IPv6.
- Host bits set (``10.0.0.5/24``) is an error, not silently normalised: the user may have meant the host
  or the network, and guessing either way can hide spoofing. The message names the network they may mean.
- IPv4-mapped IPv6 (``::ffff:192.0.2.0/120``) is folded to IPv4 (``192.0.2.0/24``), as facts are.
- Ranges broader than /8 (IPv4) or /16 (IPv6) are refused: one such entry would tag most of the Internet
  and empty the "possible spoofing" view.
- Line breaks and tabs in a comment (Alt+Enter in an Excel cell) become single spaces; tags may not have any.
- The CIDR text is NFKC-normalised first, so full-width digits and slashes typed in Japanese IMEs work.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

MAX_TAG_LENGTH = 64
MAX_COMMENT_LENGTH = 500
MIN_PREFIX = {4: 8, 6: 16}
_BREAKS = re.compile(r"[\r\n\t]+")


class RegistryError(ValueError):
    """A field of a registry entry is invalid. ``field`` is "cidr", "tag" or "comment"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    cidr: IPNetwork
    tag: str
    comment: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.cidr, IPv4Network | IPv6Network):
            raise RegistryError("cidr", "must be an ipaddress network (use make_entry for text)")
        if isinstance(self.cidr, IPv6Network) and _mapped_v4(self.cidr) is not None:
            raise RegistryError("cidr", "IPv4-mapped IPv6 must be folded to IPv4 (use make_entry)")
        _check_tag(self.tag)
        _check_comment(self.comment)

    @property
    def key(self) -> str:
        """Canonical text of the range; unique within one domain's registry."""
        return str(self.cidr)


def make_entry(cidr: str | IPNetwork, tag: str, comment: str | None = "") -> RegistryEntry:
    """Validate and normalise user input into an entry. Raises RegistryError naming the field."""
    network = cidr if isinstance(cidr, IPv4Network | IPv6Network) else parse_cidr(cidr)
    if isinstance(network, IPv6Network):
        network = _mapped_v4(network) or network
    return RegistryEntry(network, (tag or "").strip(), _BREAKS.sub(" ", comment or "").strip())


def parse_cidr(text: str) -> IPNetwork:
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise RegistryError("cidr", "is required")
    if "%" in raw:
        raise RegistryError("cidr", f"{raw!r}: zone (scope) ids are not allowed")
    try:
        network = ip_network(raw, strict=True)
    except ValueError as exc:
        raise RegistryError("cidr", _explain(raw, exc)) from None
    if isinstance(network, IPv6Network):
        network = _mapped_v4(network) or network
    if network.prefixlen < MIN_PREFIX[network.version]:
        raise RegistryError(
            "cidr", f"{raw!r} is too broad: the shortest prefix allowed is /{MIN_PREFIX[network.version]}",
        )
    return network


def parse_ip(value: str | IPAddress) -> IPAddress:
    """An address from text or an ipaddress object, IPv4-mapped IPv6 folded to IPv4. Raises ValueError."""
    address = value if isinstance(value, IPv4Address | IPv6Address) else ip_address(value.strip())
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _mapped_v4(network: IPv6Network) -> IPv4Network | None:
    mapped = network.network_address.ipv4_mapped
    if mapped is None or network.prefixlen < 96:
        return None
    return IPv4Network(f"{mapped}/{network.prefixlen - 96}")


def _explain(raw: str, exc: ValueError) -> str:
    try:
        suggestion = ip_network(raw, strict=False)
    except ValueError:
        suggestion = None
    if suggestion is not None:
        return f"{raw!r} has host bits set; did you mean {suggestion} (the network) or a single address?"
    if "/" in raw:
        return f"{raw!r} is not a valid IPv4 or IPv6 network ({exc})"
    return f"{raw!r} is not a valid IPv4 or IPv6 address"


def _check_tag(tag: str) -> None:
    if not isinstance(tag, str) or not tag.strip():
        raise RegistryError("tag", "is required")
    if tag != tag.strip():
        raise RegistryError("tag", "must not start or end with spaces")
    if len(tag) > MAX_TAG_LENGTH:
        raise RegistryError("tag", f"is longer than {MAX_TAG_LENGTH} characters")
    if _has_control(tag):
        raise RegistryError("tag", "must not contain control characters or line breaks")


def _check_comment(comment: str) -> None:
    if not isinstance(comment, str):
        raise RegistryError("comment", "must be text")
    if len(comment) > MAX_COMMENT_LENGTH:
        raise RegistryError("comment", f"is longer than {MAX_COMMENT_LENGTH} characters")
    if _has_control(comment):
        raise RegistryError("comment", "must not contain control characters or line breaks")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)
