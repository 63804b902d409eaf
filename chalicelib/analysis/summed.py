"""The overview, pattern, tag, spoofing and readiness analyses from day summaries (``analysis.summary``) and their
registry part (``analysis.tagged``): O(days x groups) additions and set unions of each day's source list, no facts.
They answer exactly what the fact folds answer (tests/analysis/test_summed.py compares them); the reports are
built by the same functions (``pattern_report``, ``tag_report``, ``spoofing_page``)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import add

from chalicelib.analysis.common import check_page, day_series, days_between, pct, ranked
from chalicelib.analysis.facts import Pattern
from chalicelib.analysis.overview import Overview
from chalicelib.analysis.patterns import PatternReport, pattern_report
from chalicelib.analysis.readiness import DEFAULT_TOLERANCE_PCT, Readiness, readiness_from_tags
from chalicelib.analysis.spoofing import SourceSums, SpoofingPage, page_of, ranked_sources, spoofing_page
from chalicelib.analysis.summary import (
    T_DKIM_ALIGNED,
    T_DKIM_AUTH,
    T_MESSAGES,
    T_PASS,
    T_SPF_ALIGNED,
    T_SPF_AUTH,
    T_UNKNOWN,
    DaySummary,
    ip_text,
)
from chalicelib.analysis.tagged import (
    R_DKIM_ALIGNED,
    R_DKIM_PASS,
    R_MESSAGES,
    R_P1,
    R_PASS,
    R_SPF_ALIGNED,
    R_SPF_PASS,
    R_UNKNOWN,
    S_DKIM_FAIL,
    S_P1,
    S_SPF_FAIL,
    TaggedDay,
)
from chalicelib.analysis.tags import TagReport, TagSums, tag_report
from chalicelib.dmarc.model import PolicyPublished


@dataclass(frozen=True, slots=True)
class SummedDay:
    day: date
    summary: DaySummary
    tagged: TaggedDay | None = None  # needed by every analysis but the overview
    version: int = 0  # of the day rollup summarized
    daily: Sequence[tuple[date, int, int, int]] = ()  # a part of several days (analysis.months): per day with
    # sources (day, messages, DMARC pass, unknown); `day` is then its first day


def _ips(day: SummedDay, indexes: Sequence[int]) -> map[int | str]:
    return map(day.summary.ips.__getitem__, indexes)


def overview(days: Sequence[SummedDay], policy: PolicyPublished | None, start: date, end: date) -> Overview:
    totals = [0] * 7
    dispositions: dict[str, int] = defaultdict(int)
    reporters: dict[str, int] = defaultdict(int)
    day_total, day_pass, day_unknown = {}, {}, {}
    sources: set[int | str] = set()
    for d in days:
        s = d.summary
        if not s.ips:
            continue
        for n, v in enumerate(s.totals):
            totals[n] += v
        for name, v in s.dispositions.items():
            dispositions[name] += v
        for name, v in s.reporters.items():
            reporters[name] += v
        for day, total, passed, unknown in d.daily or ((d.day, s.totals[T_MESSAGES], s.totals[T_PASS],
                                                         s.totals[T_UNKNOWN]),):
            day_total[day], day_pass[day], day_unknown[day] = total, passed, unknown
        sources.update(s.ips)
    messages, dmarc, unknown = totals[T_MESSAGES], totals[T_PASS], totals[T_UNKNOWN]
    return Overview(
        messages=messages, sources=len(sources),
        dmarc_pass=dmarc, dmarc_pass_pct=pct(dmarc, messages),
        dmarc_unknown=unknown, dmarc_unknown_pct=pct(unknown, messages),
        spf_auth=totals[T_SPF_AUTH], spf_auth_pct=pct(totals[T_SPF_AUTH], messages),
        spf_aligned=totals[T_SPF_ALIGNED], spf_aligned_pct=pct(totals[T_SPF_ALIGNED], messages),
        dkim_auth=totals[T_DKIM_AUTH], dkim_auth_pct=pct(totals[T_DKIM_AUTH], messages),
        dkim_aligned=totals[T_DKIM_ALIGNED], dkim_aligned_pct=pct(totals[T_DKIM_ALIGNED], messages),
        dispositions=ranked(dispositions, messages),
        daily=day_series(day_total, day_pass, start, end, day_unknown),
        reporters=ranked(reporters, messages), policy=policy,
    )


def _tagged(d: SummedDay) -> TaggedDay:
    if d.tagged is None:
        raise ValueError(f"{d.day}: the day summary has no registry part")
    return d.tagged


def patterns(days: Sequence[SummedDay]) -> PatternReport:
    messages = unknown = 0
    failing: list[dict[str | None, int]] = [defaultdict(int) for _ in range(4)]
    sources: list[set[int | str]] = [set() for _ in range(4)]
    via: dict[str, int] = defaultdict(int)
    for d in days:
        s, t = d.summary, _tagged(d)
        messages += s.totals[T_MESSAGES]
        unknown += s.totals[T_UNKNOWN]
        for name, v in s.via.items():
            via[name] += v
        for p in range(4):
            for tag, v in t.failing[p]:
                failing[p][tag] += v
            sources[p].update(_ips(d, s.pattern_ips[p]))
    return pattern_report(messages, failing, [len(s) for s in sources], dict(via), unknown)


def tags(days: Sequence[SummedDay], start: date | None = None, end: date | None = None) -> TagReport:
    sums: dict[str | None, list[int]] = {}
    accs: dict[str | None, TagSums] = {}
    for d in days:
        t = _tagged(d)
        ips = d.summary.ips
        for n, (tag, row, indexes) in enumerate(zip(t.tags, t.rows, t.tag_ips, strict=True)):
            acc = accs.get(tag)
            if acc is None:
                acc = accs[tag] = TagSums()
                sums[tag] = [0] * len(row)
            sums[tag][:] = map(add, sums[tag], row)
            acc.ips.update(map(ips.__getitem__, indexes))
            if not t.tag_daily:
                acc.day_total[d.day] += row[R_MESSAGES]
                acc.day_pass[d.day] += row[R_PASS]
                acc.day_unknown[d.day] += row[R_UNKNOWN]
                continue
            flat, on = t.tag_daily[n], days_between(d.day, d.day + timedelta(days=30))  # by offset in the part
            for k in range(0, len(flat), 4):
                day = on[flat[k]]
                acc.day_total[day] += flat[k + 1]
                acc.day_pass[day] += flat[k + 2]
                acc.day_unknown[day] += flat[k + 3]
    for tag, acc in accs.items():
        row = sums[tag]
        acc.messages, acc.spf_pass, acc.spf_aligned = row[R_MESSAGES], row[R_SPF_PASS], row[R_SPF_ALIGNED]
        acc.dkim_pass, acc.dkim_aligned, acc.dmarc_pass = row[R_DKIM_PASS], row[R_DKIM_ALIGNED], row[R_PASS]
        acc.patterns[1:5] = row[R_P1:R_P1 + 4]
        acc.patterns[Pattern.UNKNOWN] = row[R_UNKNOWN]
    return tag_report(accs, start, end)


def readiness(days: Sequence[SummedDay], tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> Readiness:
    return readiness_from_tags(tags(days), tolerance_pct)


def spoofing(days: Sequence[SummedDay], offset: int = 0, limit: int = 50, failing_only: bool = False
             ) -> SpoofingPage:
    check_page(offset, limit)
    messages, texts, via = _spoof_sums(days)
    return spoofing_page(messages, texts, via, lambda ips: _details(days, ips), offset, limit, failing_only)


def spoofing_pages(days: Sequence[SummedDay], page_size: int, failing_only: bool = False) -> Iterator[SpoofingPage]:
    """Every page of the spoofing table in order (its CSV), ranked once, each page's details made when it is
    asked for: a 100k-source day's table is written without holding its rows."""
    check_page(0, page_size)
    messages, texts, via = _spoof_sums(days)
    listed = ranked_sources(texts, failing_only)
    offset = 0
    while True:
        yield page_of(messages, texts, via, listed, lambda ips: _details(days, ips), offset, page_size)
        offset += page_size
        if offset >= len(listed):
            return


def _spoof_sums(days: Sequence[SummedDay]) -> tuple[int, dict[str, list[int]], dict[str, int]]:
    """All messages, per unregistered source (text) [direct messages, of which failing], failing indirect mail
    per "route service"."""
    messages = 0
    volume: dict[int | str, list[int]] = {}
    via: dict[str, int] = defaultdict(int)
    for d in days:
        s, t = d.summary, _tagged(d)
        messages += s.totals[T_MESSAGES]
        for name, v in s.via.items():
            via[name] += v
        ips = s.ips
        for i, n, failed in zip(t.spoof_ip, t.spoof_messages, t.spoof_fail, strict=True):
            sums = volume.get(ips[i])
            if sums is None:
                volume[ips[i]] = [n, failed]
            else:
                sums[0] += n
                sums[1] += failed
    return messages, {ip_text(key): sums for key, sums in volume.items()}, dict(via)


def _details(days: Sequence[SummedDay], ips: set[str]) -> dict[str, SourceSums]:
    accs: dict[str, SourceSums] = {}
    for d in days:
        s, t = d.summary, _tagged(d)
        for ip in ips:
            i = s.ip_index(ip)
            at = None if i is None else t.spoof_index(i)
            if at is not None:
                _add_details(accs, d.day, ip, at, t)
    return accs


def _add_details(accs: dict[str, SourceSums], day: date, ip: str, at: int, t: TaggedDay) -> None:
    first = day + timedelta(days=t.spoof_first[at]) if t.spoof_first else day
    last = day + timedelta(days=t.spoof_last[at]) if t.spoof_last else day
    a = accs.get(ip)
    if a is None:
        a = accs[ip] = SourceSums(first, last)
    a.first, a.last = min(a.first, first), max(a.last, last)
    cols = t.spoof_columns
    a.messages += t.spoof_messages[at]
    a.dmarc_fail += t.spoof_fail[at]
    a.spf_fail += cols[S_SPF_FAIL][at]
    a.dkim_fail += cols[S_DKIM_FAIL][at]
    for p in range(4):
        a.patterns[p + 1] += cols[S_P1 + p][at]
    names = t.names
    for v in t.spoof_names[t.spoof_name_at[at]:t.spoof_name_at[at + 1]]:
        a.names[v & 3].add(names[v >> 2])
