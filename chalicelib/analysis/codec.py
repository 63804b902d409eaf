"""Compact bytes for the facts of one (domain, UTC day): a string table plus integer rows, as JSON, zlib'd.
The day itself is not encoded (it is the rollup item's key). Facts with equal keys are added together."""
from __future__ import annotations

import json
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from chalicelib.analysis.facts import Fact

FORMAT = 1
_FLAGS = ("spf_auth", "spf_aligned", "dkim_auth", "dkim_aligned")
_STRINGS = ("source_ip", "reporter", "header_from", "envelope_from", "dkim_domains", "disposition")


def merge(facts: Iterable[Fact]) -> list[Fact]:
    """Facts with equal keys added together, in key order."""
    totals: dict[tuple[object, ...], Fact] = {}
    counts: dict[tuple[object, ...], int] = defaultdict(int)
    for fact in facts:
        totals.setdefault(fact.key, fact)
        counts[fact.key] += fact.count
    out = []
    for key in sorted(totals):  # type: ignore[type-var]
        f = totals[key]
        out.append(f if f.count == counts[key] else replace(f, count=counts[key]))
    return out


def encode(facts: Iterable[Fact]) -> bytes:
    return _encode_merged(merge(facts))


def _encode_merged(merged: list[Fact]) -> bytes:
    table: dict[str, int] = {}
    rows = []
    for f in merged:
        row: list[int] = [table.setdefault(getattr(f, name), len(table)) for name in _STRINGS]
        row.append(sum(1 << i for i, name in enumerate(_FLAGS) if getattr(f, name)))
        row.append(f.count)
        rows.append(row)
    body = {"v": FORMAT, "s": list(table), "r": rows}
    return zlib.compress(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(), 6)


def decode(data: bytes, day: date) -> list[Fact]:
    if not data:
        return []
    body = json.loads(zlib.decompress(data))
    if body.get("v") != FORMAT:
        raise ValueError(f"unknown fact encoding {body.get('v')!r}")
    strings = body["s"]
    out = []
    for ip, reporter, header_from, envelope_from, dkim_domains, disposition, flags, count in body["r"]:
        out.append(Fact(
            day=day, source_ip=strings[ip], reporter=strings[reporter], header_from=strings[header_from],
            envelope_from=strings[envelope_from], dkim_domains=strings[dkim_domains], spf_auth=bool(flags & 1),
            spf_aligned=bool(flags & 2), dkim_auth=bool(flags & 4), dkim_aligned=bool(flags & 8),
            disposition=strings[disposition], count=count))
    return out


def encode_parts(facts: Iterable[Fact], max_bytes: int) -> list[bytes]:
    """The facts encoded into one or more blobs of at most `max_bytes` each (deterministic split)."""
    merged = merge(facts)
    blob = _encode_merged(merged)
    if len(blob) <= max_bytes or len(merged) <= 1:
        return [blob]
    pieces = min(len(merged), -(-len(blob) * 5 // (max_bytes * 4)))  # aim at ~80% full, then check each
    size = -(-len(merged) // pieces)
    return [part for start in range(0, len(merged), size) for part in _fit(merged[start:start + size], max_bytes)]


def _fit(merged: list[Fact], max_bytes: int) -> list[bytes]:
    blob = _encode_merged(merged)
    if len(blob) <= max_bytes or len(merged) <= 1:
        return [blob]
    half = len(merged) // 2
    return _fit(merged[:half], max_bytes) + _fit(merged[half:], max_bytes)
