"""A calendar month of day summaries merged into one part, so a long range sums a dozen parts instead of hundreds
of days: the registry-free summary (totals, counted names, the union of the sources and of the failing sources per
pattern, and the daily totals the overview's series needs) and the registry part for one registry version (per tag
its sums, sources and daily figures; the spoofing sources with their details, first and last day). Every analysis
in ``analysis.summed`` answers the same from the merged part as from its days (tests/analysis/test_months.py).
Pure."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from operator import add

from chalicelib.analysis.summary import T_MESSAGES, T_PASS, T_UNKNOWN, DaySummary
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import R_MESSAGES, R_PASS, R_UNKNOWN, SPOOF_COLUMNS, TaggedDay


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def months_touched(start: date, end: date) -> list[date]:
    """The first days of the calendar months start..end touches."""
    out, month = [], month_of(start)
    while month <= end:
        out.append(month)
        month = month_end(month) + timedelta(days=1)
    return out


def gaps(start: date, end: date, months: list[date]) -> list[tuple[date, date]]:
    """The parts of start..end outside the given calendar months (in order, all inside the range)."""
    out, at = [], start
    for month in months:
        if at < month:
            out.append((at, month - timedelta(days=1)))
        at = month_end(month) + timedelta(days=1)
    if at <= end:
        out.append((at, end))
    return out


def merge_summaries(days: Sequence[tuple[date, DaySummary]]) -> tuple[DaySummary, list[tuple[date, int, int, int]]]:
    """The days' summaries (without sources) as one, and the daily (day, messages, pass, unknown) of the days with
    sources (the overview's series skips a day without any)."""
    days = [(day, s) for day, s in days if s.ips]
    totals = [0] * 7
    dispositions: dict[str, int] = {}
    reporters: dict[str, int] = {}
    via: dict[str, int] = {}
    keys: set[int | str] = set()
    for _, s in days:
        totals[:] = map(add, totals, s.totals)
        for mine, theirs in ((dispositions, s.dispositions), (reporters, s.reporters), (via, s.via)):
            for name, v in theirs.items():
                mine[name] = mine.get(name, 0) + v
        keys.update(s.ips)
    ips: list[int | str] = [*sorted(k for k in keys if isinstance(k, int)),
                             *sorted(k for k in keys if isinstance(k, str))]
    at = {k: n for n, k in enumerate(ips)}
    pattern_ips: list[Sequence[int]] = [sorted({at[s.ips[i]] for _, s in days for i in s.pattern_ips[p]})
                                        for p in range(4)]
    daily = [(day, s.totals[T_MESSAGES], s.totals[T_PASS], s.totals[T_UNKNOWN]) for day, s in days]
    merged = DaySummary(totals=totals, dispositions=dispositions, reporters=reporters, via=via, ips=ips,
                        pattern_ips=pattern_ips, key_ip=(), key_service=[], columns=[], has_sources=False)
    return merged, daily


def merge_tagged(days: Sequence[tuple[date, DaySummary, TaggedDay]], first: date, merged_ips: Sequence[int | str],
                 registry: int) -> TaggedDay:
    """The days' registry parts (all for `registry`) as one part starting on `first`, its source indexes in
    `merged_ips` (merge_summaries' ips)."""
    at = {k: n for n, k in enumerate(merged_ips)}
    tag_at: dict[str | None, int] = {}
    rows: list[list[int]] = []
    tag_ips: list[set[int]] = []
    tag_daily: list[list[int]] = []  # flat (offset, messages, pass, unknown) per day, per tag
    failing: list[dict[str | None, int]] = [{}, {}, {}, {}]
    spoof: dict[int, list[int]] = {}  # merged ip index -> messages, fail, S_* columns, first, last
    spoof_names: dict[int, set[tuple[str, int]]] = {}
    for day, s, t in days:
        offset = (day - first).days
        for tag, row, indexes in zip(t.tags, t.rows, t.tag_ips, strict=True):
            n = tag_at.get(tag)
            if n is None:
                n = tag_at[tag] = len(rows)
                rows.append([0] * len(row))
                tag_ips.append(set())
                tag_daily.append([])
            rows[n][:] = map(add, rows[n], row)
            tag_ips[n].update(at[s.ips[i]] for i in indexes)
            tag_daily[n] += (offset, row[R_MESSAGES], row[R_PASS], row[R_UNKNOWN])
        for p in range(4):
            for tag, count in t.failing[p]:
                failing[p][tag] = failing[p].get(tag, 0) + count
        for k, i in enumerate(t.spoof_ip):
            ip = at[s.ips[i]]
            v = spoof.get(ip)
            if v is None:
                v = spoof[ip] = [0] * (2 + SPOOF_COLUMNS) + [offset, offset]
                spoof_names[ip] = set()
            v[0] += t.spoof_messages[k]
            v[1] += t.spoof_fail[k]
            for c in range(SPOOF_COLUMNS):
                v[2 + c] += t.spoof_columns[c][k]
            v[-2], v[-1] = min(v[-2], offset), max(v[-1], offset)
            spoof_names[ip].update((t.names[x >> 2], x & 3) for x in t.spoof_names[t.spoof_name_at[k]:
                                                                                    t.spoof_name_at[k + 1]])
    listed = sorted(spoof)
    names: dict[str, int] = {}
    starts, values = [0], []
    for ip in listed:
        values.extend(sorted(names.setdefault(text, len(names)) * 4 + kind for text, kind in spoof_names[ip]))
        starts.append(len(values))
    return TaggedDay(
        registry=registry, tags=list(tag_at), rows=rows, tag_ips=[sorted(s) for s in tag_ips],
        failing=[list(f.items()) for f in failing], spoof_ip=listed,
        spoof_messages=[spoof[i][0] for i in listed], spoof_fail=[spoof[i][1] for i in listed],
        spoof_columns=[[spoof[i][2 + c] for i in listed] for c in range(SPOOF_COLUMNS)],
        spoof_first=[spoof[i][-2] for i in listed], spoof_last=[spoof[i][-1] for i in listed],
        names=list(names), spoof_name_at=starts, spoof_names=values, tag_daily=list(tag_daily))


def merge_days(days: Sequence[SummedDay], registry: int | None) -> SummedDay | None:
    """The days (in order, each with its registry part for `registry`) as one part (None: no day with sources);
    `registry` None: without a registry part (what the overview reads)."""
    days = [d for d in days if d.summary.ips]
    if not days:
        return None
    summary, daily = merge_summaries([(d.day, d.summary) for d in days])
    if registry is None:
        return SummedDay(days[0].day, summary, None, 0, tuple(daily))
    parts = [(d.day, d.summary, _tagged(d)) for d in days]
    return SummedDay(days[0].day, summary, merge_tagged(parts, days[0].day, summary.ips, registry), 0, tuple(daily))


def _tagged(d: SummedDay) -> TaggedDay:
    if d.tagged is None:
        raise ValueError(f"{d.day}: a day merged into a month needs its registry part")
    return d.tagged
