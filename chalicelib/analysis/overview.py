"""Overview of a domain over a range of days: volumes, DMARC/SPF/DKIM rates, dispositions, daily series,
reporters. Messages whose DMARC result is unknown (facts.Pattern.UNKNOWN) are counted apart: neither pass nor
fail. The published policy is not in facts; the caller passes it in from the report items."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from chalicelib.analysis.common import DayPoint, NameCount, day_series, pct, ranked
from chalicelib.analysis.facts import Fact, Pattern, pattern_of
from chalicelib.dmarc.model import PolicyPublished


@dataclass(frozen=True, slots=True)
class Overview:
    messages: int
    sources: int  # distinct source IPs
    dmarc_pass: int
    dmarc_pass_pct: float
    dmarc_unknown: int  # no verdict in the report and no auth_results to compute it from
    dmarc_unknown_pct: float
    spf_auth: int  # SPF passed for some identity, aligned or not
    spf_auth_pct: float
    spf_aligned: int  # SPF passed and aligned
    spf_aligned_pct: float
    dkim_auth: int  # some DKIM signature verified, aligned or not
    dkim_auth_pct: float
    dkim_aligned: int  # DKIM passed and aligned
    dkim_aligned_pct: float
    dispositions: tuple[NameCount, ...]  # what receivers applied: none / quarantine / reject / pass
    daily: tuple[DayPoint, ...]
    reporters: tuple[NameCount, ...]
    policy: PolicyPublished | None  # as last reported, supplied by the caller

    @property
    def dmarc_fail(self) -> int:
        return self.messages - self.dmarc_pass - self.dmarc_unknown


def overview(
    facts: Iterable[Fact], policy: PolicyPublished | None = None, start: date | None = None, end: date | None = None,
) -> Overview:
    messages = dmarc = unknown = spf_auth = spf_aligned = dkim_auth = dkim_aligned = 0
    dispositions: dict[str, int] = defaultdict(int)
    reporters: dict[str, int] = defaultdict(int)
    day_total: dict[date, int] = defaultdict(int)
    day_pass: dict[date, int] = defaultdict(int)
    day_unknown: dict[date, int] = defaultdict(int)
    sources: set[str] = set()
    for f in facts:
        n = f.count
        messages += n
        day_total[f.day] += n
        pattern = pattern_of(f)
        if pattern is Pattern.PASS:
            dmarc += n
            day_pass[f.day] += n
        elif pattern is Pattern.UNKNOWN:
            unknown += n
            day_unknown[f.day] += n
        if f.spf_auth:
            spf_auth += n
        if f.spf_aligned:
            spf_aligned += n
        if f.dkim_auth:
            dkim_auth += n
        if f.dkim_aligned:
            dkim_aligned += n
        dispositions[f.disposition] += n
        reporters[f.reporter] += n
        sources.add(f.source_ip)
    return Overview(
        messages=messages, sources=len(sources),
        dmarc_pass=dmarc, dmarc_pass_pct=pct(dmarc, messages),
        dmarc_unknown=unknown, dmarc_unknown_pct=pct(unknown, messages),
        spf_auth=spf_auth, spf_auth_pct=pct(spf_auth, messages),
        spf_aligned=spf_aligned, spf_aligned_pct=pct(spf_aligned, messages),
        dkim_auth=dkim_auth, dkim_auth_pct=pct(dkim_auth, messages),
        dkim_aligned=dkim_aligned, dkim_aligned_pct=pct(dkim_aligned, messages),
        dispositions=ranked(dispositions, messages),
        daily=day_series(day_total, day_pass, start, end, day_unknown),
        reporters=ranked(reporters, messages),
        policy=policy,
    )
