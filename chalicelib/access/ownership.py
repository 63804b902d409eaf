"""Proof that an organization owns a domain: a TXT record at `_aligned-verify.<domain>` holding a token made
for that organization and domain (HMAC-SHA256 with the deployment's secret, so it cannot be guessed for another
organization and needs no storage). Pure."""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

PREFIX = "_aligned-verify."
VALUE_PREFIX = "aligned-verify="


class OwnershipState(StrEnum):
    PROVEN = "proven"  # DNS TXT checked, or assigned by the operator: every stored report is the owner's
    UNPROVEN = "unproven"  # registered: new reports are collected, older ones stay hidden
    UNOWNED = "unowned"  # registered before organizations existed: the operator's until assigned


@dataclass(frozen=True, slots=True)
class VerificationRecord:
    name: str
    type: str
    value: str


def verification_record(secret: bytes, org: str, domain: str) -> VerificationRecord:
    digest = hmac.new(secret, f"{org}\n{domain}".encode(), hashlib.sha256).digest()
    token = base64.b32encode(digest).decode("ascii").rstrip("=").lower()[:32]
    return VerificationRecord(PREFIX + domain, "TXT", VALUE_PREFIX + token)


def published(record: VerificationRecord, values: Iterable[str] | None) -> bool:
    """Whether one of the TXT strings found at the record's name is the token (spaces and quotes aside)."""
    return any(v.strip().strip('"').strip() == record.value for v in values or ())
