"""Value objects for DMARC aggregate reports (RFC 7489, RFC 9990). Frozen, slotted, no behaviour beyond
derived properties; everything is already normalised by the parser (lower-case enums and domains, UTC times,
`ipaddress` objects, None for absent optional elements)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from ipaddress import IPv4Address, IPv6Address
from typing import Literal

IPAddress = IPv4Address | IPv6Address
Schema = Literal["rfc7489", "rfc9990", "draft"]

# Enumerations after normalisation. Unknown values read from a report are kept verbatim (lower-cased)
# with a warning, except where a mapping below says otherwise.
DISPOSITIONS = ("none", "quarantine", "reject", "pass")
DMARC_RESULTS = ("pass", "fail")
DKIM_RESULTS = ("none", "pass", "fail", "policy", "neutral", "temperror", "permerror")
SPF_RESULTS = ("none", "neutral", "pass", "fail", "softfail", "policy", "temperror", "permerror")
OVERRIDE_TYPES = (
    "forwarded", "sampled_out", "trusted_forwarder", "mailing_list", "local_policy", "other", "policy_test_mode",
)


@dataclass(frozen=True, slots=True)
class DkimAuth:
    domain: str | None
    selector: str | None
    result: str
    human_result: str | None = None


@dataclass(frozen=True, slots=True)
class SpfAuth:
    domain: str | None
    scope: str | None  # "mfrom", "helo" or None when absent
    result: str
    human_result: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyOverride:
    type: str
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    source_ip: IPAddress
    count: int
    disposition: str
    # policy_evaluated/dkim (spf) == pass: DKIM (SPF) passed *and* aligned. When the reporter left the verdict
    # out, it is computed from auth_results (see `alignment`); None when the record has no auth_results either.
    dkim_aligned: bool | None
    spf_aligned: bool | None
    header_from: str | None
    envelope_from: str | None = None
    envelope_to: str | None = None
    reasons: tuple[PolicyOverride, ...] = ()
    dkim: tuple[DkimAuth, ...] = ()
    spf: tuple[SpfAuth, ...] = ()

    @property
    def dmarc_pass(self) -> bool | None:
        """True when either verdict passed, None (unknown) when neither passed and one is unknown."""
        if self.dkim_aligned or self.spf_aligned:
            return True
        return None if self.dkim_aligned is None or self.spf_aligned is None else False

    @property
    def dkim_pass(self) -> bool:
        """Some DKIM signature verified (aligned or not)."""
        return self.dkim_aligned is True or any(d.result == "pass" for d in self.dkim)

    @property
    def spf_pass(self) -> bool:
        """SPF verified for some identity (aligned or not)."""
        return self.spf_aligned is True or any(s.result == "pass" for s in self.spf)


@dataclass(frozen=True, slots=True)
class PolicyPublished:
    domain: str
    p: str | None
    sp: str | None = None
    np: str | None = None
    adkim: str | None = None
    aspf: str | None = None
    pct: int | None = None
    fo: str | None = None
    testing: str | None = None  # RFC 9990 t= tag: "n" | "y"
    discovery_method: str | None = None  # RFC 9990: "psl" | "treewalk"


@dataclass(frozen=True, slots=True)
class ReportMetadata:
    org_name: str
    report_id: str
    begin: datetime  # UTC, tz-aware
    end: datetime  # UTC, tz-aware
    email: str | None = None
    extra_contact_info: str | None = None
    errors: tuple[str, ...] = ()
    generator: str | None = None


@dataclass(frozen=True, slots=True)
class AggregateReport:
    schema: Schema
    version: str | None
    metadata: ReportMetadata
    policy: PolicyPublished
    records: tuple[Record, ...]
    warnings: tuple[str, ...] = field(default=())
    source_name: str | None = None  # attachment / member name, when the container gave one

    @property
    def message_count(self) -> int:
        return sum(r.count for r in self.records)

    @property
    def domain(self) -> str:
        return self.policy.domain
