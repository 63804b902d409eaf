"""Error patterns: DMARC-failing messages in the four patterns, each split into "tagged" (source IP in the
registry: one of your own senders) and "possible spoofing" (not in it). Every percentage is of ALL messages
in the range, so a pattern's tagged_pct + spoofing_pct = its pct (up to rounding). Messages whose DMARC result is
unknown (Pattern.UNKNOWN) are counted apart: in no pattern, neither tagged failures nor possible spoofing.

One pass over the facts sums failing messages per pattern and source IP; the registry is then consulted once per
distinct failing IP. Failing mail that came indirectly (forwarded, mailing lists: facts.is_indirect) is neither
tagged nor possible spoofing: it is left out of the rows and counted in `forwarded` (it still counts in
dmarc_fail). Facts are classified by ``facts.pattern_of`` (the
one copy of the rule, ``facts.classify``, as a lookup table)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chalicelib.analysis.advice import Advice, advice_for
from chalicelib.analysis.common import NameCount, TagSource, pct, ranked
from chalicelib.analysis.facts import FAIL_PATTERNS, Fact, Pattern, is_indirect, pattern_of


@dataclass(frozen=True, slots=True)
class PatternRow:
    pattern: Pattern
    messages: int
    pct: float
    tagged: int
    tagged_pct: float
    spoofing: int  # "possible spoofing": source IP not in the registry
    spoofing_pct: float
    sources: int  # distinct source IPs
    tags: tuple[NameCount, ...]  # tagged messages per tag, largest first
    advice: Advice


@dataclass(frozen=True, slots=True)
class PatternReport:
    messages: int
    dmarc_pass: int
    dmarc_pass_pct: float
    dmarc_fail: int
    dmarc_fail_pct: float
    unknown: int  # DMARC result unknown: no verdict in the report and no auth_results to compute it from
    unknown_pct: float
    tagged_fail: int
    tagged_fail_pct: float
    spoofing_fail: int
    spoofing_fail_pct: float
    rows: tuple[PatternRow, ...]  # always four, patterns 1 to 4
    forwarded: int = 0  # failing messages that came indirectly (forwarded, mailing lists); in no row
    forwarded_pct: float = 0.0
    forwarded_via: tuple[NameCount, ...] = ()  # per "route service" (e.g. "mailing_list google-groups")


FORWARDED = -1  # the key of the indirect failing messages in fail_counts_by_ip (per "route service", not per IP)


def fail_counts_by_ip(facts: Iterable[Fact]) -> tuple[int, dict[int, dict[Any, int]]]:
    """(all messages, {failure pattern or UNKNOWN: {(source_ip, service): messages}, FORWARDED: {"route service":
    messages}}) in one pass; passing messages only counted; indirect failing mail only under FORWARDED."""
    messages = 0
    by_pattern: list[dict[Any, int]] = [{} for _ in Pattern]  # indexed by the pattern
    via: dict[str, int] = {}
    passing = Pattern.PASS
    for f in facts:
        n = f.count
        messages += n
        pattern = pattern_of(f)
        if pattern is passing:
            continue
        if f.detail.route and is_indirect(f):
            name = f"{f.route} {f.service}".strip()
            via[name] = via.get(name, 0) + n
            continue
        acc = by_pattern[pattern]
        key = (f.source_ip, f.detail.service)  # the service: registry entries may name one
        acc[key] = acc.get(key, 0) + n
    return messages, {**{p: by_pattern[p] for p in (*FAIL_PATTERNS, Pattern.UNKNOWN)}, FORWARDED: via}


def pattern_analysis(facts: Iterable[Fact], tags: TagSource) -> PatternReport:
    messages, by_pattern = fail_counts_by_ip(facts)
    tag_for = tags.tag_for
    resolved: dict[tuple[str, str], str | None] = {}
    failing: list[dict[str | None, int]] = []
    for pattern in FAIL_PATTERNS:
        by_tag: dict[str | None, int] = defaultdict(int)
        for key, n in by_pattern[pattern].items():
            if key in resolved:
                tag = resolved[key]
            else:
                tag = resolved[key] = tag_for(*key)
            by_tag[tag] += n
        failing.append(by_tag)
    sources = [len({ip for ip, _ in by_pattern[p]}) for p in FAIL_PATTERNS]
    return pattern_report(messages, failing, sources, by_pattern[FORWARDED], sum(by_pattern[Pattern.UNKNOWN].values()))


def pattern_report(messages: int, failing: list[dict[str | None, int]], sources: list[int], via: dict[str, int],
                   unknown: int) -> PatternReport:
    """The report from its sums: per failure pattern 1..4 the failing messages by tag (None: unregistered, possible
    spoofing) and the distinct sources; the indirect failing messages per "route service"; the unknown ones.
    (``pattern_analysis`` sums facts; ``analysis.summed`` sums day summaries.)"""
    rows = []
    for pattern, by_tag, count in zip(FAIL_PATTERNS, failing, sources, strict=True):
        spoofing = by_tag.get(None, 0)
        named = {tag: n for tag, n in by_tag.items() if tag is not None}
        rows.append(_row(pattern, named, spoofing, count, messages))
    forwarded = sum(via.values())
    fail = sum(r.messages for r in rows) + forwarded
    tagged = sum(r.tagged for r in rows)
    passed = messages - fail - unknown
    return PatternReport(
        messages=messages,
        dmarc_pass=passed, dmarc_pass_pct=pct(passed, messages),
        dmarc_fail=fail, dmarc_fail_pct=pct(fail, messages),
        unknown=unknown, unknown_pct=pct(unknown, messages),
        tagged_fail=tagged, tagged_fail_pct=pct(tagged, messages),
        spoofing_fail=fail - forwarded - tagged, spoofing_fail_pct=pct(fail - forwarded - tagged, messages),
        rows=tuple(rows), forwarded=forwarded, forwarded_pct=pct(forwarded, messages),
        forwarded_via=ranked(via, messages),
    )


def _row(pattern: Pattern, by_tag: dict[str, int], spoofing: int, sources: int, messages: int) -> PatternRow:
    tagged = sum(by_tag.values())
    total = tagged + spoofing
    return PatternRow(
        pattern=pattern, messages=total, pct=pct(total, messages),
        tagged=tagged, tagged_pct=pct(tagged, messages),
        spoofing=spoofing, spoofing_pct=pct(spoofing, messages),
        sources=sources, tags=ranked(by_tag, messages), advice=advice_for(pattern),
    )
