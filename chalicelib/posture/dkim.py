"""DKIM (RFC 6376, RFC 8463) for each (d=, selector) seen in the domain's reports: the key record exists,
parses, is not revoked (empty p=), and is RSA of at least 1024 bits or Ed25519. The RSA modulus length is read
from the key's DER (SubjectPublicKeyInfo, or a bare RSAPublicKey) by a few lines of DER, no crypto library."""
from __future__ import annotations

import base64
import binascii

from chalicelib.posture.lookup import Lookup, tags
from chalicelib.posture.model import Finding, Severity

AREA = "dkim"
MIN_RSA_BITS = 1024
GOOD_RSA_BITS = 2048


def check_dkim(lookup: Lookup, selectors: list[tuple[str, str]]) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for domain, selector in selectors:
        name = f"{selector}._domainkey.{domain}"
        found = lookup.txt(name)
        out += _key(name, selector, found)
    return tuple(out)


def _key(name: str, selector: str, found: tuple[str, ...] | None) -> list[Finding]:
    def finding(code: str, severity: Severity, **params: str) -> list[Finding]:
        return [Finding(AREA, code, severity, name, (("selector", selector), *params.items()))]

    records = [r for r in found or () if "p=" in r.replace(" ", "")]
    if not records:
        return finding("dkim_missing", Severity.HIGH)
    if len(records) > 1:
        return finding("dkim_multiple", Severity.MEDIUM, count=str(len(records)))
    parsed = tags(records[0])
    if parsed is None or ("v" in parsed and parsed["v"] != "DKIM1") or "p" not in parsed:
        return finding("dkim_syntax", Severity.HIGH)
    key_type = parsed.get("k", "rsa").lower()
    if not parsed["p"]:
        return finding("dkim_revoked", Severity.HIGH)
    try:
        der = base64.b64decode("".join(parsed["p"].split()), validate=True)
    except (binascii.Error, ValueError):
        return finding("dkim_syntax", Severity.HIGH)
    if key_type == "ed25519":
        return [] if len(der) == 32 else finding("dkim_syntax", Severity.HIGH)
    if key_type != "rsa":
        return finding("dkim_unknown_key_type", Severity.MEDIUM, type=key_type[:20])
    bits = rsa_bits(der)
    if bits is None:
        return finding("dkim_syntax", Severity.HIGH)
    if bits < MIN_RSA_BITS:
        return finding("dkim_weak_key", Severity.HIGH, bits=str(bits))
    if bits < GOOD_RSA_BITS:
        return finding("dkim_short_key", Severity.LOW, bits=str(bits))
    return []


def rsa_bits(der: bytes) -> int | None:
    """Bits of the RSA modulus in a SubjectPublicKeyInfo or RSAPublicKey DER; None when it is neither."""
    try:
        outer, _ = _element(der, 0, 0x30)
        first_tag = outer[0]
        if first_tag == 0x30:  # SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
            _, rest = _element(outer, 0, 0x30)
            bits, _ = _element(outer, rest, 0x03)
            if not bits or bits[0] != 0:
                return None
            outer, _ = _element(bits[1:], 0, 0x30)
        modulus, _ = _element(outer, 0, 0x02)
    except (IndexError, ValueError):
        return None
    return int.from_bytes(modulus, "big").bit_length()


def _element(data: bytes, at: int, tag: int) -> tuple[bytes, int]:
    """The content of the DER element of `tag` at `at`, and the offset after it."""
    if data[at] != tag:
        raise ValueError("unexpected DER tag")
    length, at = data[at + 1], at + 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("bad DER length")
        length, at = int.from_bytes(data[at:at + count], "big"), at + count
    if at + length > len(data):
        raise ValueError("DER element runs past the end")
    return data[at:at + length], at + length
