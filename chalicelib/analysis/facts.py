"""The unit of stored, analysable data: a Fact is the message count of one (domain, UTC day, source IP,
identifiers, authentication outcome) combination. Reports are reduced to facts at ingest; every analysis
is a fold over facts. Registry tags are *not* part of a fact: they are applied at query time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from itertools import product


class Pattern(IntEnum):
    """DMARC outcome of a fact. PASS, one of the four failure patterns, or UNKNOWN.

    1: SPF pass-unaligned + DKIM pass-unaligned; 2: SPF fail + DKIM pass-unaligned;
    3: SPF pass-unaligned + DKIM fail; 4: SPF fail + DKIM fail.
    UNKNOWN: the reporter gave no verdict and the record had no auth_results to compute it from; neither a
    failure nor possible spoofing."""

    PASS = 0
    BOTH_UNALIGNED = 1
    SPF_FAIL_DKIM_UNALIGNED = 2
    SPF_UNALIGNED_DKIM_FAIL = 3
    BOTH_FAIL = 4
    UNKNOWN = 5

    @property
    def is_failure(self) -> bool:
        """One of the four failure patterns."""
        return self in FAIL_PATTERNS


@dataclass(frozen=True, slots=True, order=True)
class SenderDetail:
    """What the sender-facing analyses need beyond the flags, one shared object per distinct combination (the
    codec stores it as one string-table entry, so decoding a day costs one slot per fact, not six; the reverse
    name, distinct per source, is a field of the Fact)."""

    spf_domain: str = ""  # the SPF identity that passed (else the first one reported)
    spf_scope: str = ""  # its scope: mfrom | helo | "" (not said)
    dkim: str = ""  # every DKIM result, "domain/selector/result" joined by spaces (see dkim_results)
    reasons: str = ""  # override reasons, "type" or "type=comment", one per line (see override_reasons)
    service: str = ""  # catalogue id of the sending service, "own", or "" (not identified)
    route: str = ""  # indirect mail: "forwarded" | "mailing_list"; "" otherwise (chalicelib.senders.indirect)

    def dkim_results(self) -> tuple[tuple[str, str, str], ...]:
        """(domain, selector, result) per signature; "" where the report left one out."""
        return tuple((*p.split("/", 2), "", "")[:3] for p in self.dkim.split())  # type: ignore[misc]

    def override_reasons(self) -> tuple[tuple[str, str], ...]:
        """(type, comment) per override reason."""
        return tuple(line.partition("=")[::2] for line in self.reasons.split("\n")) if self.reasons else ()


NO_DETAIL = SenderDetail()


@dataclass(frozen=True, slots=True)
class Fact:
    day: date
    source_ip: str  # compressed text form from ipaddress (v4-mapped v6 already folded to v4)
    reporter: str  # report_metadata/org_name
    header_from: str
    envelope_from: str  # "" when the report did not say
    dkim_domains: str  # space-separated, sorted, unique; "" when none
    spf_auth: bool  # SPF passed for some identity
    spf_aligned: bool  # policy_evaluated/spf == pass (computed from auth_results when the report left it out)
    dkim_auth: bool  # some DKIM signature passed
    dkim_aligned: bool  # policy_evaluated/dkim == pass
    disposition: str  # none | quarantine | reject | pass
    count: int
    unknown: bool = False  # DMARC result unknown: no aligned pass, and a verdict the report could not give
    # Fact format 4 (older rollups read as "" and NO_DETAIL until `cli reprocess` refills them):
    ptr: str = ""  # the source's forward-confirmed reverse-DNS name; "" when none or not looked up
    detail: SenderDetail = NO_DETAIL  # who sent it, how it authenticated, whether it came indirectly

    @property
    def key(self) -> tuple[object, ...]:
        """Everything but the count: facts with equal keys are added together."""
        return (
            self.day, self.source_ip, self.reporter, self.header_from, self.envelope_from, self.dkim_domains,
            self.spf_auth, self.spf_aligned, self.dkim_auth, self.dkim_aligned, self.disposition, self.unknown,
            self.ptr, self.detail,
        )

    @property
    def service(self) -> str:
        return self.detail.service

    @property
    def route(self) -> str:
        return self.detail.route

    @property
    def dmarc_pass(self) -> bool:
        return self.spf_aligned or self.dkim_aligned

    @property
    def pattern(self) -> Pattern:
        return pattern_of(self)


def is_indirect(f: Fact) -> bool:
    """A failing fact of forwarded or mailing-list mail: not possible spoofing (chalicelib.senders.indirect)."""
    return bool(f.detail.route) and is_failure(f)


FAIL_PATTERNS = (Pattern.BOTH_UNALIGNED, Pattern.SPF_FAIL_DKIM_UNALIGNED, Pattern.SPF_UNALIGNED_DKIM_FAIL,
                 Pattern.BOTH_FAIL)


def classify(spf_auth: bool, spf_aligned: bool, dkim_auth: bool, dkim_aligned: bool, unknown: bool = False
             ) -> Pattern:
    """The DMARC failure-pattern rule, the only copy: every analysis and alert rule goes through it (through
    ``pattern_of`` on their hot paths)."""
    if spf_aligned or dkim_aligned:
        return Pattern.PASS
    if unknown:
        return Pattern.UNKNOWN
    if spf_auth:
        return Pattern.BOTH_UNALIGNED if dkim_auth else Pattern.SPF_UNALIGNED_DKIM_FAIL
    return Pattern.SPF_FAIL_DKIM_UNALIGNED if dkim_auth else Pattern.BOTH_FAIL


# classify for every combination of the flags: the folds over 100,000s of facts call pattern_of, a lookup. (Keep
# Pattern members out of hot dict keys: Enum.__hash__ is Python code; index lists with them instead.)
_BY_FLAGS: dict[tuple[bool, ...], Pattern] = {flags: classify(*flags) for flags in product((False, True), repeat=5)}
_FAILURES = {flags: pattern.is_failure for flags, pattern in _BY_FLAGS.items()}


def pattern_of(f: Fact) -> Pattern:
    """``classify`` applied to a fact's flags."""
    return _BY_FLAGS[f.spf_auth, f.spf_aligned, f.dkim_auth, f.dkim_aligned, f.unknown]


def is_failure(f: Fact) -> bool:
    """The fact is in one of the four failure patterns (``pattern_of(f).is_failure``, faster)."""
    return _FAILURES[f.spf_auth, f.spf_aligned, f.dkim_auth, f.dkim_aligned, f.unknown]
