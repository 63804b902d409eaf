"""The unit of stored, analysable data: a Fact is the message count of one (domain, UTC day, source IP,
identifiers, authentication outcome) combination. Reports are reduced to facts at ingest; every analysis
is a fold over facts. Registry tags are *not* part of a fact: they are applied at query time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum


class Pattern(IntEnum):
    """DMARC outcome of a fact. PASS, or one of the four failure patterns.

    1: SPF pass-unaligned + DKIM pass-unaligned; 2: SPF fail + DKIM pass-unaligned;
    3: SPF pass-unaligned + DKIM fail; 4: SPF fail + DKIM fail."""

    PASS = 0
    BOTH_UNALIGNED = 1
    SPF_FAIL_DKIM_UNALIGNED = 2
    SPF_UNALIGNED_DKIM_FAIL = 3
    BOTH_FAIL = 4


@dataclass(frozen=True, slots=True)
class Fact:
    day: date
    source_ip: str  # compressed text form from ipaddress (v4-mapped v6 already folded to v4)
    reporter: str  # report_metadata/org_name
    header_from: str
    envelope_from: str  # "" when the report did not say
    dkim_domains: str  # space-separated, sorted, unique; "" when none
    spf_auth: bool  # SPF passed for some identity
    spf_aligned: bool  # policy_evaluated/spf == pass
    dkim_auth: bool  # some DKIM signature passed
    dkim_aligned: bool  # policy_evaluated/dkim == pass
    disposition: str  # none | quarantine | reject | pass
    count: int

    @property
    def key(self) -> tuple[object, ...]:
        """Everything but the count: facts with equal keys are added together."""
        return (
            self.day, self.source_ip, self.reporter, self.header_from, self.envelope_from, self.dkim_domains,
            self.spf_auth, self.spf_aligned, self.dkim_auth, self.dkim_aligned, self.disposition,
        )

    @property
    def dmarc_pass(self) -> bool:
        return self.spf_aligned or self.dkim_aligned

    @property
    def pattern(self) -> Pattern:
        return classify(self.spf_auth, self.spf_aligned, self.dkim_auth, self.dkim_aligned)


def classify(spf_auth: bool, spf_aligned: bool, dkim_auth: bool, dkim_aligned: bool) -> Pattern:
    if spf_aligned or dkim_aligned:
        return Pattern.PASS
    if spf_auth:
        return Pattern.BOTH_UNALIGNED if dkim_auth else Pattern.SPF_UNALIGNED_DKIM_FAIL
    return Pattern.SPF_FAIL_DKIM_UNALIGNED if dkim_auth else Pattern.BOTH_FAIL
