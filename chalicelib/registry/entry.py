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
- Instead of a range an entry may name a sending service of the catalogue, "service:<id>" (e.g.
  ``service:sendgrid``): its tag applies to the domain's mail that identification gave to that service. An id the
  catalogue does not know is an error (``unknown_service``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from chalicelib.errors import RegistryError

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network
SERVICE_PREFIX = "service:"

MAX_TAG_LENGTH = 64
MAX_COMMENT_LENGTH = 500
MIN_PREFIX = {4: 8, 6: 16}
_BREAKS = re.compile(r"[\r\n\t]+")


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """The mail of one sending service (a catalogue id), in the place of a range."""
    service: str

    def __str__(self) -> str:
        return SERVICE_PREFIX + self.service


Target = IPNetwork | ServiceTarget


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    cidr: Target
    tag: str
    comment: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.cidr, ServiceTarget):
            if not self.cidr.service:
                raise RegistryError("unknown_service", "cidr", value=str(self.cidr))
        elif not isinstance(self.cidr, IPv4Network | IPv6Network):
            raise RegistryError("invalid_cidr", "cidr", value=str(self.cidr))  # use make_entry for text
        if isinstance(self.cidr, IPv6Network) and _mapped_v4(self.cidr) is not None:
            raise RegistryError("invalid_cidr", "cidr", value=str(self.cidr))  # make_entry folds it to IPv4
        _check_tag(self.tag)
        _check_comment(self.comment)

    @property
    def key(self) -> str:
        """Canonical text of the range ("service:<id>" for a service); unique within one domain's registry."""
        return str(self.cidr)

    @property
    def service(self) -> str | None:
        return self.cidr.service if isinstance(self.cidr, ServiceTarget) else None


def sort_key(entry: RegistryEntry) -> tuple[int, int, int, str]:
    """Ranges by IP version, address and prefix length; service entries after them, by id."""
    target = entry.cidr
    if isinstance(target, ServiceTarget):
        return (7, 0, 0, target.service)
    return (target.version, int(target.network_address), target.prefixlen, "")


def make_entry(cidr: str | Target, tag: str, comment: str | None = "") -> RegistryEntry:
    """Validate and normalise user input into an entry. Raises RegistryError naming the field."""
    target = cidr if isinstance(cidr, IPv4Network | IPv6Network | ServiceTarget) else parse_target(cidr)
    if isinstance(target, IPv6Network):
        target = _mapped_v4(target) or target
    return RegistryEntry(target, (tag or "").strip(), _BREAKS.sub(" ", comment or "").strip())


def parse_target(text: str, known: Callable[[str], bool] | None = None) -> Target:
    """A range, or "service:<id>" naming a service of the catalogue (checked with `known`; default: the packaged
    catalogue). Raises RegistryError naming the field "cidr"."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if raw.lower().startswith(SERVICE_PREFIX):
        service = raw[len(SERVICE_PREFIX):].strip().lower()
        if not (known or _in_catalogue)(service):
            raise RegistryError("unknown_service", "cidr", value=service)
        return ServiceTarget(service)
    return parse_cidr(raw)


def stored_target(text: str) -> Target:
    """A target as stored (already validated when it was written; a service since removed from the catalogue
    still reads, and simply matches no mail)."""
    if text.startswith(SERVICE_PREFIX):
        return ServiceTarget(text[len(SERVICE_PREFIX):])
    return ip_network(text)


def _in_catalogue(service: str) -> bool:
    from chalicelib.senders.catalogue import load_catalogue  # pure; loaded only when a service is named

    return service in load_catalogue().by_id


def parse_cidr(text: str) -> IPNetwork:
    raw = unicodedata.normalize("NFKC", text or "").strip()
    if not raw:
        raise RegistryError("required", "cidr")
    if "%" in raw:
        raise RegistryError("cidr_zone_id", "cidr", value=raw)
    try:
        network = ip_network(raw, strict=True)
    except ValueError:
        raise _explain(raw) from None
    if isinstance(network, IPv6Network):
        network = _mapped_v4(network) or network
    if network.prefixlen < MIN_PREFIX[network.version]:
        raise RegistryError("cidr_too_broad", "cidr", value=raw, min_prefix=MIN_PREFIX[network.version])
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


def _explain(raw: str) -> RegistryError:
    try:
        suggestion = ip_network(raw, strict=False)
    except ValueError:
        return RegistryError("invalid_cidr", "cidr", value=raw)
    return RegistryError("cidr_host_bits", "cidr", value=raw, network=str(suggestion))


def _check_tag(tag: str) -> None:
    if not isinstance(tag, str) or not tag.strip():
        raise RegistryError("required", "tag")
    if tag != tag.strip():
        raise RegistryError("surrounding_spaces", "tag")
    if len(tag) > MAX_TAG_LENGTH:
        raise RegistryError("too_long", "tag", max=MAX_TAG_LENGTH)
    if _has_control(tag):
        raise RegistryError("control_characters", "tag")


def _check_comment(comment: str) -> None:
    if not isinstance(comment, str):
        raise RegistryError("not_text", "comment")
    if len(comment) > MAX_COMMENT_LENGTH:
        raise RegistryError("too_long", "comment", max=MAX_COMMENT_LENGTH)
    if _has_control(comment):
        raise RegistryError("control_characters", "comment")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)
