"""Per-tag analysis: for each registry tag (and one row for untagged sources), volume, SPF / DKIM / DMARC pass
and fail, messages per failure pattern and a daily series. Editing the registry changes it at once: tags are
looked up at query time, never stored with facts."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from chalicelib.analysis.common import DayColumns, TagSource, day_columns, pct
from chalicelib.analysis.facts import Fact, Pattern, pattern_of


@dataclass(frozen=True, slots=True)
class TagRow:
    tag: str | None  # None is the row of unregistered ("untagged") sources
    sources: int  # distinct source IPs
    messages: int
    pct: float  # of all messages
    spf_pass: int  # SPF authenticated (aligned or not)
    spf_fail: int
    spf_aligned: int
    dkim_pass: int  # some DKIM signature verified (aligned or not)
    dkim_fail: int
    dkim_aligned: int
    dmarc_pass: int
    dmarc_fail: int  # in a failure pattern; messages with an unknown DMARC result are in neither column
    dmarc_pass_pct: float  # of this row's messages
    patterns: tuple[int, int, int, int]  # messages in failure patterns 1, 2, 3, 4
    daily: DayColumns  # every day of the range


@dataclass(frozen=True, slots=True)
class TagReport:
    messages: int
    rows: tuple[TagRow, ...]  # tags by volume (largest first, ties by name), the untagged row last


@dataclass(slots=True)
class TagSums:
    messages: int = 0
    spf_pass: int = 0
    spf_aligned: int = 0
    dkim_pass: int = 0
    dkim_aligned: int = 0
    dmarc_pass: int = 0
    patterns: list[int] = field(default_factory=lambda: [0] * len(Pattern))  # indexed by Pattern
    ips: set[int | str] = field(default_factory=set)  # the sources (text, or summary keys)
    day_total: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    day_pass: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    day_unknown: dict[date, int] = field(default_factory=lambda: defaultdict(int))


def tag_analysis(
    facts: Iterable[Fact], tags: TagSource, start: date | None = None, end: date | None = None,
) -> TagReport:
    tag_for = tags.tag_for
    resolved: dict[tuple[str, str], str | None] = {}
    accs: dict[str | None, TagSums] = {}
    for f in facts:
        ip = f.source_ip
        key = (ip, f.detail.service)
        if key in resolved:
            tag = resolved[key]
        else:
            tag = resolved[key] = tag_for(*key)
        acc = accs.get(tag)
        if acc is None:
            acc = accs[tag] = TagSums()
        n = f.count
        acc.messages += n
        acc.ips.add(ip)
        acc.day_total[f.day] += n
        if f.spf_auth:
            acc.spf_pass += n
        if f.dkim_auth:
            acc.dkim_pass += n
        pattern = pattern_of(f)
        if pattern is Pattern.PASS:
            acc.dmarc_pass += n
            acc.day_pass[f.day] += n
            if f.spf_aligned:
                acc.spf_aligned += n
            if f.dkim_aligned:
                acc.dkim_aligned += n
        else:
            acc.patterns[pattern] += n
            if pattern is Pattern.UNKNOWN:
                acc.day_unknown[f.day] += n
    return tag_report(accs, start, end)


def tag_report(accs: dict[str | None, TagSums], start: date | None, end: date | None) -> TagReport:
    """The report from per-tag sums (``tag_analysis`` sums facts; ``analysis.summed`` sums day summaries)."""
    messages = sum(a.messages for a in accs.values())
    order = sorted((t for t in accs if t is not None), key=lambda t: (-accs[t].messages, t))
    if None in accs:
        order.append(None)  # type: ignore[arg-type]
    return TagReport(messages, tuple(_row(tag, accs[tag], messages, start, end) for tag in order))


def _row(tag: str | None, a: TagSums, messages: int, start: date | None, end: date | None) -> TagRow:
    p = a.patterns
    return TagRow(
        tag=tag, sources=len(a.ips), messages=a.messages, pct=pct(a.messages, messages),
        spf_pass=a.spf_pass, spf_fail=a.messages - a.spf_pass, spf_aligned=a.spf_aligned,
        dkim_pass=a.dkim_pass, dkim_fail=a.messages - a.dkim_pass, dkim_aligned=a.dkim_aligned,
        dmarc_pass=a.dmarc_pass, dmarc_fail=sum(p[1:5]), dmarc_pass_pct=pct(a.dmarc_pass, a.messages),
        patterns=(p[1], p[2], p[3], p[4]), daily=day_columns(a.day_total, a.day_pass, start, end, a.day_unknown),
    )
