"""Policy readiness: if the policy were p=quarantine or p=reject today, which messages would receivers act
on? Exactly the DMARC-failing ones (quarantine and reject hit the same set; they differ in what happens to it).
Failing messages from your own (tagged) senders are legitimate mail you would lose; failing messages from
unregistered sources are what enforcement is for. Forwarded mail arrives from the forwarder's IP, so it counts
as unregistered here, not against your own senders.

Verdict: "ready" when no tag has more than ``tolerance_pct`` of its messages failing; "not_ready" with the
blocking tags otherwise; "no_data" when no message came from a registered source (register your senders
first: without them nothing can be said about the mail you would lose)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.analysis.common import TagSource, pct
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.tags import TagReport, tag_analysis

DEFAULT_TOLERANCE_PCT = 0.5
READY, NOT_READY, NO_DATA = "ready", "not_ready", "no_data"


@dataclass(frozen=True, slots=True)
class TagImpact:
    tag: str
    messages: int
    would_be_hit: int  # DMARC-failing messages of this tag
    hit_pct: float  # of this tag's messages
    patterns: tuple[int, int, int, int]  # the hit messages by failure pattern 1-4
    blocking: bool


@dataclass(frozen=True, slots=True)
class Readiness:
    messages: int
    own_messages: int  # from registered (tagged) sources
    own_hit: int
    own_hit_pct: float  # of own messages
    unregistered_messages: int
    unregistered_hit: int
    unregistered_hit_pct: float  # of unregistered messages
    tags: tuple[TagImpact, ...]  # most hit first
    verdict: str  # "ready" | "not_ready" | "no_data"
    blocking_tags: tuple[str, ...]
    tolerance_pct: float


def readiness(facts: Iterable[Fact], tags: TagSource, tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> Readiness:
    return readiness_from_tags(tag_analysis(facts, tags), tolerance_pct)


def readiness_from_tags(report: TagReport, tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> Readiness:
    """Readiness from an already computed tag analysis (saves a pass when the caller has one)."""
    if tolerance_pct < 0:
        raise ValueError("tolerance_pct: must be 0 or more")
    impacts = []
    unregistered = unregistered_hit = 0
    for row in report.rows:
        if row.tag is None:
            unregistered, unregistered_hit = row.messages, row.dmarc_fail
            continue
        hit_pct = pct(row.dmarc_fail, row.messages)
        blocking = row.dmarc_fail > 0 and 100.0 * row.dmarc_fail / row.messages > tolerance_pct
        impacts.append(TagImpact(row.tag, row.messages, row.dmarc_fail, hit_pct, row.patterns, blocking))
    impacts.sort(key=lambda t: (-t.would_be_hit, -t.messages, t.tag))
    own = sum(t.messages for t in impacts)
    own_hit = sum(t.would_be_hit for t in impacts)
    blocking_tags = tuple(t.tag for t in impacts if t.blocking)
    verdict = NO_DATA if own == 0 else NOT_READY if blocking_tags else READY
    return Readiness(
        messages=report.messages, own_messages=own, own_hit=own_hit, own_hit_pct=pct(own_hit, own),
        unregistered_messages=unregistered, unregistered_hit=unregistered_hit,
        unregistered_hit_pct=pct(unregistered_hit, unregistered),
        tags=tuple(impacts), verdict=verdict, blocking_tags=blocking_tags, tolerance_pct=tolerance_pct,
    )
