"""DMARC identifier alignment (RFC 7489 §3.1), for records whose policy_evaluated lacks a verdict (AOL's old
zip reports omit <spf>): the missing verdict is computed from the record's auth_results, its header_from and
the published adkim/aspf.

The organizational domain is approximated without the Public Suffix List (no DNS, no data file, no dependency):
the last two labels, or the last three when the last two form a known multi-label public suffix (``co.uk``,
``com.au``, ``co.jp`` and the like, in ``_SECOND_LEVEL`` below). Limits: suffixes not listed there (private
registries such as ``github.io``, most ``*.city.jp`` and ``*.k12.us`` style names) make two domains under the
same suffix look aligned in relaxed mode, and IDNs must already be in A-label form. Strict mode (exact match)
has no such limit. The reporter's own verdict, when present, is always used instead."""
from __future__ import annotations

from collections.abc import Iterable

from chalicelib.dmarc.model import DkimAuth, SpfAuth

# Second-level labels that are public suffixes under the country codes that use them widely.
_GENERIC_SLDS = frozenset({"co", "com", "net", "org", "ac", "edu", "gov", "ne", "or", "go", "gr", "ad", "ed", "lg",
                           "ltd", "plc", "sch", "nhs", "police", "mod", "nic", "gob", "mil", "info", "biz"})
_CCTLDS_WITH_SLDS = frozenset({"uk", "jp", "au", "nz", "za", "br", "mx", "ar", "in", "kr", "cn", "tw", "hk", "sg",
                               "my", "id", "th", "il", "tr", "ua", "ru", "pl", "es", "pt", "gr", "eg", "ng", "ke",
                               "pe", "co", "ve", "uy", "py", "ec", "bo", "ph", "pk", "vn", "sa", "ae", "qa"})


def organizational_domain(domain: str) -> str:
    """The approximate organizational domain of a lower-case domain name (see the module's limits)."""
    labels = domain.strip(".").split(".")
    if len(labels) >= 3 and labels[-1] in _CCTLDS_WITH_SLDS and labels[-2] in _GENERIC_SLDS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def aligned(domain: str | None, header_from: str, mode: str | None) -> bool:
    """``domain`` aligns with ``header_from``: strict ("s") exact match; relaxed (default) same
    organizational domain."""
    if not domain:
        return False
    if domain == header_from:
        return True
    return mode != "s" and organizational_domain(domain) == organizational_domain(header_from)


def dkim_verdict(dkim: Iterable[DkimAuth], header_from: str, adkim: str | None) -> bool:
    """DMARC's DKIM verdict: some signature passed with an aligned signing domain (d=)."""
    return any(d.result == "pass" and aligned(d.domain, header_from, adkim) for d in dkim)


def spf_verdict(spf: Iterable[SpfAuth], header_from: str, aspf: str | None) -> bool:
    """DMARC's SPF verdict: SPF passed for an aligned MAIL FROM domain (a result scoped to HELO does not count;
    an unscoped one is taken as MAIL FROM, as most reporters mean it)."""
    return any(s.result == "pass" and s.scope != "helo" and aligned(s.domain, header_from, aspf) for s in spf)
