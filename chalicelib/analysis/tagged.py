"""The registry's part of a day summary: the day's source keys folded by the tag the registry gives them, and the
possible-spoofing sources (unregistered keys with direct mail) with everything their rows show, so neither the
ranking nor the details of a spoofing page read the day's source keys. It holds for one registry version; after an
edit it is made again from the day summary (no facts needed), the first time the day is read.

A spoofing source's details are its direct mail from unregistered keys (messages, failures, patterns, first and
last day) and the identifiers of its direct mail on the days it sent such mail (header_from, envelope_from, DKIM
domains, reporters: ``spoof_names``, each an index in ``names`` times 4 plus its kind, per source between
``spoof_name_at[i]`` and ``spoof_name_at[i + 1]``)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from chalicelib.analysis.common import TagSource
from chalicelib.analysis.summary import (
    F_DIRECT,
    K_DIRECT,
    K_DIRECT_DKIM_FAIL,
    K_DIRECT_P1,
    K_DIRECT_SPF_FAIL,
    K_DKIM_ALIGNED,
    K_DKIM_AUTH,
    K_FLAGS,
    K_MESSAGES,
    K_P1,
    K_PASS,
    K_SPF_ALIGNED,
    K_SPF_AUTH,
    K_UNKNOWN,
    DaySummary,
    ip_text,
)

# TaggedDay.rows columns, per tag
(R_MESSAGES, R_SPF_PASS, R_SPF_ALIGNED, R_DKIM_PASS, R_DKIM_ALIGNED, R_PASS, R_P1, R_P2, R_P3, R_P4,
 R_UNKNOWN) = range(11)
ROW_COLUMNS = 11
# TaggedDay.spoof_columns, per spoofing source: direct unregistered messages not SPF-authenticated, without a
# verified DKIM signature, and in failure patterns 1..4
S_SPF_FAIL, S_DKIM_FAIL, S_P1 = 0, 1, 2
SPOOF_COLUMNS = 6
N_HEADER_FROM, N_ENVELOPE_FROM, N_DKIM, N_REPORTER = range(4)  # the kinds of spoof_names
_ROW_SOURCES = (K_MESSAGES, K_SPF_AUTH, K_SPF_ALIGNED, K_DKIM_AUTH, K_DKIM_ALIGNED, K_PASS, K_P1, K_P1 + 1, K_P1 + 2,
                K_P1 + 3, K_UNKNOWN)


@dataclass(slots=True)
class TaggedDay:
    registry: int  # the registry version it was made with
    tags: list[str | None]  # None: unregistered sources
    rows: list[list[int]]  # per tag, R_* above
    tag_ips: list[Sequence[int]]  # per tag: its sources (indexes in the day's ips)
    failing: list[list[tuple[str | None, int]]]  # patterns 1..4: (tag, direct failing messages) per tag present
    spoof_ip: Sequence[int]  # unregistered sources with direct mail (ip index, ascending)
    spoof_messages: Sequence[int]  # their direct messages from unregistered keys
    spoof_fail: Sequence[int]  # of which DMARC-failing
    spoof_columns: list[Sequence[int]] = field(default_factory=list)  # S_* above, per spoofing source
    spoof_first: Sequence[int] = ()  # per source: first and last day with such mail, as days after the part's
    spoof_last: Sequence[int] = ()  # first day (empty: all 0, a one-day part)
    names: list[str] = field(default_factory=list)
    spoof_name_at: Sequence[int] = ()  # per source its range in spoof_names (len sources + 1)
    spoof_names: Sequence[int] = ()  # index in names * 4 + kind (N_* above)
    tag_daily: list[Sequence[int]] = field(default_factory=list)  # per tag, of a part of several days (a month):
    # (days after its first day, messages, DMARC pass, unknown) per day with the tag, flat; empty: a one-day part

    def spoof_index(self, ip_index: int) -> int | None:
        """The position of a source (its index in the day's ips) among the spoofing sources."""
        from bisect import bisect_left

        at = bisect_left(self.spoof_ip, ip_index)
        return at if at < len(self.spoof_ip) and self.spoof_ip[at] == ip_index else None


def tag_day(summary: DaySummary, tags: TagSource, registry: int) -> TaggedDay:
    cols = summary.columns
    ips, services = summary.ips, summary.key_service
    tag_for = tags.tag_for
    at: dict[str | None, int] = {}
    rows: list[list[int]] = []
    tag_ips: list[set[int]] = []
    failing: list[dict[str | None, int]] = [{}, {}, {}, {}]
    spoof: dict[int, list[int]] = {}
    flags = cols[K_FLAGS]
    for k, ip in enumerate(summary.key_ip):
        tag = tag_for(ip_text(ips[ip]), services[k])
        t = at.get(tag)
        if t is None:
            t = at[tag] = len(rows)
            rows.append([0] * ROW_COLUMNS)
            tag_ips.append(set())
        row = rows[t]
        for r, c in enumerate(_ROW_SOURCES):
            row[r] += cols[c][k]
        tag_ips[t].add(ip)
        flag = flags[k]
        for p in range(4):
            if flag & (1 << p):
                failing[p][tag] = failing[p].get(tag, 0) + cols[K_DIRECT_P1 + p][k]
        if tag is None and flag & F_DIRECT:
            v = spoof.get(ip)
            if v is None:
                v = spoof[ip] = [0] * (2 + SPOOF_COLUMNS)
            v[0] += cols[K_DIRECT][k]
            v[2 + S_SPF_FAIL] += cols[K_DIRECT_SPF_FAIL][k]
            v[2 + S_DKIM_FAIL] += cols[K_DIRECT_DKIM_FAIL][k]
            for p in range(4):
                v[1] += cols[K_DIRECT_P1 + p][k]
                v[2 + S_P1 + p] += cols[K_DIRECT_P1 + p][k]
    listed = sorted(spoof)
    names, name_at, spoof_names = _seen_names(summary, listed)
    return TaggedDay(
        registry=registry, tags=list(at), rows=rows, tag_ips=[sorted(s) for s in tag_ips],
        failing=[list(f.items()) for f in failing], spoof_ip=listed,
        spoof_messages=[spoof[i][0] for i in listed], spoof_fail=[spoof[i][1] for i in listed],
        spoof_columns=[[spoof[i][2 + c] for i in listed] for c in range(SPOOF_COLUMNS)],
        names=names, spoof_name_at=name_at, spoof_names=spoof_names)


def _seen_names(summary: DaySummary, listed: list[int]) -> tuple[list[str], list[int], list[int]]:
    """The identifiers the listed sources' direct mail was seen with (summary.seen rows), as (names, per-source
    starts, index * 4 + kind)."""
    from bisect import bisect_left, bisect_right

    strings, seen, seen_ip = summary.strings, summary.seen, summary.seen_ip
    at: dict[str, int] = {}
    starts, values = [0], []
    for ip in listed:
        found: set[int] = set()
        for r in range(bisect_left(seen_ip, ip), bisect_right(seen_ip, ip)):
            for kind, column in ((N_HEADER_FROM, 0), (N_ENVELOPE_FROM, 1), (N_REPORTER, 3)):
                text = strings[seen[column][r]]
                if text:
                    found.add(at.setdefault(text, len(at)) * 4 + kind)
            for domain in strings[seen[2][r]].split():
                found.add(at.setdefault(domain, len(at)) * 4 + N_DKIM)
        values.extend(sorted(found))
        starts.append(len(values))
    return list(at), starts, values
