"""How well the simulation reproduces what receivers did: each fact's simulated outcome under the policy its
report says was published, against the disposition the reporter gave it. A difference the reporter explained
with an override reason (forwarded, local_policy, trusted_forwarder...) is counted apart from an unexplained one."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.analysis.common import pct
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.simulate import UNKNOWN, Proposal, Zone, judge, place_of


@dataclass(frozen=True, slots=True)
class Agreement:
    messages: int
    agree: int  # simulated outcome == reported disposition ("pass" read as none)
    overridden: int  # different, and the reporter declared an override reason
    differ: int  # different, unexplained
    unknown: int  # DMARC result unknown: not compared
    pairs: tuple[tuple[str, str, int], ...]  # (simulated, reported, messages) of the unexplained differences

    @property
    def agree_pct(self) -> float:
        """Agreeing or explained by an override, of the compared messages."""
        return pct(self.agree + self.overridden, self.messages - self.unknown)


def agreement(facts_by_policy: Iterable[tuple[Proposal, str, Iterable[Fact]]], zone: Zone) -> Agreement:
    """`facts_by_policy`: (the published policy, the policy domain, that report's facts)."""
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for proposal, domain, facts in facts_by_policy:
        for f in facts:
            outcome = judge(f, proposal, place_of(f.header_from, domain, zone)).outcome
            reported = "none" if f.disposition == "pass" else f.disposition
            counts["messages"] += f.count
            if outcome == UNKNOWN:
                counts["unknown"] += f.count
            elif outcome == reported:
                counts["agree"] += f.count
            elif f.detail.reasons:
                counts["overridden"] += f.count
            else:
                counts["differ"] += f.count
                pairs[outcome, reported] += f.count
    return Agreement(counts["messages"], counts["agree"], counts["overridden"], counts["differ"], counts["unknown"],
                     tuple((s, r, n) for (s, r), n in pairs.most_common()))
