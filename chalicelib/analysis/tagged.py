"""The registry's part of a day summary: the day's source keys folded by the tag the registry gives them. It holds
for one registry version; after an edit it is made again from the day summary (no facts needed), the first time
the day is read."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.analysis.common import TagSource
from chalicelib.analysis.summary import (
    F_DIRECT,
    K_DIRECT,
    K_DIRECT_P1,
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
                v = spoof[ip] = [0, 0]
            v[0] += cols[K_DIRECT][k]
            v[1] += sum(cols[K_DIRECT_P1 + p][k] for p in range(4))
    listed = sorted(spoof)
    return TaggedDay(
        registry=registry, tags=list(at), rows=rows, tag_ips=[sorted(s) for s in tag_ips],
        failing=[list(f.items()) for f in failing], spoof_ip=listed,
        spoof_messages=[spoof[i][0] for i in listed], spoof_fail=[spoof[i][1] for i in listed])
