"""Compact bytes for a day summary and its registry part (chalicelib.analysis.summary, .tagged), zlib'd when
that saves at least a quarter (a zlib stream never starts with the format byte).

Layout (format 1): b"\\x01"; the byte length of a JSON header (little-endian uint32); the header (the small values
and the names, typecodes and lengths of the integer columns); then each column's little-endian unsigned integers
(typecode "B", "H", "I" or "Q", the narrowest that holds it), decoded with `array.frombytes`, no JSON per value.
The IPv4 sources travel as one column of 32-bit values (chalicelib.analysis.summary.ip_key), the others as text in
the header. A new layout gets a new first byte."""
from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from chalicelib.analysis.summary import DaySummary
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import SPOOF_COLUMNS, TaggedDay
from chalicelib.storage.factcodec import packed_column

FORMAT = 1
_HEAD = struct.Struct("<I")
KEEP_RAW_ABOVE = 0.75  # a part that zlib shrinks by less than a quarter is kept as it is (no inflating to read it)
_BIG_ENDIAN = sys.byteorder == "big"


def _pack(header: dict[str, Any], columns: Sequence[Sequence[int]]) -> bytes:
    described, blobs = [], []
    for values in columns:
        code, packed = packed_column(values, "summary")
        described.append([code, len(values)])
        blobs.append(packed)
    text = json.dumps({**header, "_c": described}, separators=(",", ":"), ensure_ascii=False).encode()
    raw = bytes((FORMAT,)) + _HEAD.pack(len(text)) + text + b"".join(blobs)
    small = zlib.compress(raw, 6)
    return small if len(small) < len(raw) * KEEP_RAW_ABOVE else raw


def _unpack(blob: bytes) -> tuple[dict[str, Any], list[Sequence[int]]]:
    raw = blob if blob[:1] == bytes((FORMAT,)) else zlib.decompress(blob)
    if raw[:1] != bytes((FORMAT,)):
        raise ValueError(f"unknown day summary format {raw[:1]!r}")
    (size,) = _HEAD.unpack_from(raw, 1)
    at = 1 + _HEAD.size + size
    header = json.loads(raw[1 + _HEAD.size:at])
    columns: list[Sequence[int]] = []
    view = memoryview(raw)
    for code, length in header.pop("_c"):
        column = array(code)
        end = at + length * column.itemsize
        column.frombytes(view[at:end])
        if _BIG_ENDIAN:
            column.byteswap()
        columns.append(column)
        at = end
    return header, columns


def encode_summary(s: DaySummary) -> tuple[bytes, bytes]:
    """(the part every analysis reads: totals, counted names, source IPs, failing sources per pattern; the part
    read to make the registry part again and for the spoofing details: the source keys and what they were seen
    with)."""
    v4 = [ip for ip in s.ips if isinstance(ip, int)]
    head = _pack({"t": s.totals, "d": s.dispositions, "r": s.reporters, "v": s.via,
                  "ipx": [ip for ip in s.ips if isinstance(ip, str)]}, [v4, *s.pattern_ips])
    return head, _pack({"svc": s.key_service, "str": s.strings}, [s.key_ip, *s.columns, s.seen_ip, *s.seen])


def decode_summary(head: bytes, sources: bytes | None = None) -> DaySummary:
    """The summary; without `sources` its key and seen columns are empty (``DaySummary.has_sources`` False)."""
    h, c = _unpack(head)
    ips: list[int | str] = [*c[0], *h["ipx"]]
    s = DaySummary(totals=h["t"], dispositions=h["d"], reporters=h["r"], via=h["v"], ips=ips, pattern_ips=c[1:],
                   key_ip=(), key_service=[], columns=[], has_sources=False)
    return with_sources(s, sources) if sources is not None else s


def with_sources(s: DaySummary, sources: bytes) -> DaySummary:
    h, c = _unpack(sources)
    keys = len(c) - 1 - 1 - 4
    return replace(s, key_ip=c[0], key_service=h["svc"], columns=c[1:1 + keys], strings=h["str"],
                   seen_ip=c[1 + keys], seen=c[2 + keys:], has_sources=True)


TAGGED_PARTS = 2  # registry parts made before the spoofing details were kept in them (no "p") are made again
STALE_REGISTRY = -1  # the registry version an older part reads as: never the current one


def encode_tagged(t: TaggedDay) -> bytes:
    header = {"p": TAGGED_PARTS, "reg": t.registry, "tags": t.tags, "rows": t.rows, "fail": t.failing,
              "names": t.names, "n": len(t.tag_ips), "days": bool(t.spoof_first), "td": bool(t.tag_daily)}
    days = [t.spoof_first, t.spoof_last] if t.spoof_first else []
    return _pack(header, [t.spoof_ip, t.spoof_messages, t.spoof_fail, *t.tag_ips, *t.spoof_columns,
                          t.spoof_name_at, t.spoof_names, *days, *t.tag_daily])


def decode_tagged(blob: bytes) -> TaggedDay:
    h, c = _unpack(blob)
    failing = [[(tag, n) for tag, n in p] for p in h["fail"]]
    if h.get("p") != TAGGED_PARTS:
        return TaggedDay(registry=STALE_REGISTRY, tags=h["tags"], rows=h["rows"], tag_ips=c[3:], failing=failing,
                         spoof_ip=c[0], spoof_messages=c[1], spoof_fail=c[2])
    tags_end = 3 + h["n"]
    rest = c[tags_end + SPOOF_COLUMNS:]
    return TaggedDay(registry=h["reg"], tags=h["tags"], rows=h["rows"], tag_ips=c[3:tags_end], failing=failing,
                     spoof_ip=c[0], spoof_messages=c[1], spoof_fail=c[2],
                     spoof_columns=c[tags_end:tags_end + SPOOF_COLUMNS], names=h["names"], spoof_name_at=rest[0],
                     spoof_names=rest[1], spoof_first=rest[2] if h["days"] else (),
                     spoof_last=rest[3] if h["days"] else (),
                     tag_daily=list(rest[4 if h["days"] else 2:]) if h.get("td") else [])


def encode_month(part: SummedDay) -> tuple[bytes, bytes | None, bytes]:
    """A month part (analysis.months): its summary, its registry part (None: made without one) and its daily
    totals."""
    first = part.day
    daily = [[(day - first).days for day, *_ in part.daily], [m for _, m, _, _ in part.daily],
             [p for _, _, p, _ in part.daily], [u for *_, u in part.daily]]
    tagged = None if part.tagged is None else encode_tagged(part.tagged)
    return encode_summary(part.summary)[0], tagged, _pack({"first": first.isoformat()}, daily)


def decode_month(summary: bytes, tagged: bytes | None, daily: bytes) -> SummedDay:
    h, c = _unpack(daily)
    first = date.fromisoformat(h["first"])
    rows = tuple((first + timedelta(days=o), m, p, u) for o, m, p, u in zip(*c, strict=True))
    return SummedDay(first, decode_summary(summary), None if tagged is None else decode_tagged(tagged), 0, rows)


# The layout above (a JSON header and packed integer columns) for other small per-domain items (storage.digests).
pack_columns, unpack_columns = _pack, _unpack
