"""Compact bytes for the facts of one (domain, UTC day), zlib'd: the storage format of the rollup items
(chalicelib.storage.rollups). The day itself is not encoded (it is the rollup item's key). Facts with equal keys
are added together.

Format 4 (written): b"\\x04"; the string table's byte length and the row count (little-endian uint32 each); the
JSON array of the day's distinct strings; then the rows column by column: for each of the 10 columns (source_ip,
reporter, header_from, envelope_from, dkim_domains, disposition, ptr, the sender detail as string-table indexes; the 5
flags as a bit set: spf_auth 1, spf_aligned 2, dkim_auth 4, dkim_aligned 8, unknown 16; count), one typecode byte
("B", "H", "I" or "Q": the narrowest that holds the column) and the column's little-endian unsigned integers.
Columns decode with `array.frombytes` instead of a JSON parse of every row. The sender detail is one string: its
six fields (SenderDetail order) joined by U+001F, decoded once per distinct value into one shared object.
Format 3 (still read): format 4 without the ptr and detail columns (8 columns); facts decode with "" and NO_DETAIL.
Format 2 (still read): format 3 written before the unknown flag existed (bit 16 never set). Each format has its
own first byte so that code predating it refuses the new items rather than misreading them.
Format 1 (still read): JSON {"v": 1, "s": strings, "r": [[6 string indexes, flags, count], ...]}.

Decoding builds each Fact through `object.__new__` and the slot descriptors' `__set__`: the frozen dataclass
`__init__` goes through `object.__setattr__` once per field, about 3x slower."""
from __future__ import annotations

import gc
import itertools
import json
import struct
import sys
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, fields, replace
from datetime import date

from chalicelib.analysis.facts import NO_DETAIL, Fact, SenderDetail
from chalicelib.slots import slot_setters

FORMAT = 4
_FLAGS = ("spf_auth", "spf_aligned", "dkim_auth", "dkim_aligned", "unknown")
_BASE = ("source_ip", "reporter", "header_from", "envelope_from", "dkim_domains", "disposition")
_STRINGS = (*_BASE, "ptr", "detail")
_COLUMNS = len(_STRINGS) + 2
_COLUMNS_V3 = len(_BASE) + 2
_SEP = "\x1f"
_DETAIL_FIELDS = tuple(f.name for f in fields(SenderDetail))
_TYPECODES = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFF_FFFF), ("Q", 0xFFFF_FFFF_FFFF_FFFF))
_HEAD = struct.Struct("<II")  # bytes of the string table, rows
_BIG_ENDIAN = sys.byteorder == "big"

# Fact construction without the frozen __init__: a bare instance, then each slot written through its descriptor.
# The order below is the one _build unpacks (day, the six base strings, the five flags, count, the detail).
# slot_setters fails at import if Fact's fields change: then update _ORDER, _build and the encoding.
_ORDER = ("day", *_BASE, *_FLAGS, "count", "ptr", "detail")
_DETAIL_SET = slot_setters(SenderDetail, _DETAIL_FIELDS, "storage.factcodec")
_SET = slot_setters(Fact, _ORDER, "storage.factcodec")


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
    columns: list[list[int]] = [[] for _ in range(_COLUMNS)]
    for f in merged:
        for column, name in zip(columns, _STRINGS[:-1], strict=False):
            column.append(table.setdefault(getattr(f, name), len(table)))
        columns[len(_STRINGS) - 1].append(table.setdefault(_detail_text(f.detail), len(table)))
        columns[-2].append(sum(1 << i for i, name in enumerate(_FLAGS) if getattr(f, name)))
        columns[-1].append(f.count)
    strings = json.dumps(list(table), separators=(",", ":"), ensure_ascii=False).encode()
    out = bytearray(bytes((FORMAT,)))
    out += _HEAD.pack(len(strings), len(merged))
    out += strings
    for column in columns:
        out += _column(column)
    return zlib.compress(bytes(out), 6)


def _detail_text(detail: SenderDetail) -> str:
    values = astuple(detail)
    if any(_SEP in v for v in values):
        raise ValueError("sender detail holds a unit separator")
    return _SEP.join(values)


def packed_column(values: Sequence[int], what: str) -> tuple[str, bytes]:
    """(typecode, little-endian bytes) of unsigned integers in the narrowest array type that holds them (the
    fact and the summary codecs share it; `what` names the values in the error)."""
    top = max(values, default=0)
    if min(values, default=0) < 0:
        raise ValueError(f"{what} columns hold unsigned integers")
    code = next(code for code, limit in _TYPECODES if top <= limit)
    packed = array(code, values)
    if packed.itemsize != struct.calcsize(code):
        raise RuntimeError(f"array typecode {code!r} is not {struct.calcsize(code)} bytes on this platform")
    if _BIG_ENDIAN:
        packed.byteswap()
    return code, packed.tobytes()


def _column(values: list[int]) -> bytes:
    code, packed = packed_column(values, "fact")
    return code.encode() + packed


def decode(data: bytes, day: date) -> list[Fact]:
    if not data:
        return []
    raw = zlib.decompress(data)
    if raw[:1] == b"\x04":
        strings, columns = _columns_v2(raw, _COLUMNS)
    elif raw[:1] in (b"\x03", b"\x02"):
        strings, columns = _columns_v2(raw, _COLUMNS_V3)
    elif raw[:1] == b"{":
        strings, columns = _columns_v1(raw)
    else:
        raise ValueError(f"unknown fact encoding (first byte {raw[:1]!r})")
    paused = gc.isenabled()
    if paused:  # facts hold no reference cycles: collecting while thousands are made only costs time
        gc.disable()
    try:
        return _build(day, strings, columns)
    finally:
        if paused:
            gc.enable()


def _columns_v2(raw: bytes, count: int) -> tuple[list[str], list[Sequence[int]]]:
    size, rows = _HEAD.unpack_from(raw, 1)
    at = 1 + _HEAD.size + size
    strings = json.loads(raw[1 + _HEAD.size:at])
    columns: list[Sequence[int]] = []
    for _ in range(count):
        column = array(chr(raw[at]))
        end = at + 1 + rows * column.itemsize
        column.frombytes(raw[at + 1:end])
        if _BIG_ENDIAN:
            column.byteswap()
        columns.append(column)
        at = end
    if at != len(raw):
        raise ValueError(f"fact encoding {raw[0]}: trailing or missing bytes")
    return strings, columns


def _columns_v1(raw: bytes) -> tuple[list[str], list[Sequence[int]]]:
    body = json.loads(raw)
    if body.get("v") != 1:
        raise ValueError(f"unknown fact encoding {body.get('v')!r}")
    rows = body["r"]
    return body["s"], list(zip(*rows, strict=True)) if rows else [() for _ in range(_COLUMNS_V3)]


def _build(day: date, strings: list[str], columns: list[Sequence[int]]) -> list[Fact]:
    """Facts from the string table and the integer columns (8 in formats 1-3, 10 in format 4), positional,
    strings interned (days share one object per IP or reporter, so the Matcher's per-IP cache and the fact cache
    hold each text once)."""
    intern = sys.intern
    text = [intern(s) for s in strings]
    at = text.__getitem__
    ip, reporter, header_from, envelope_from, dkim_domains, disposition = columns[:len(_BASE)]
    flags, counts = columns[-2:]
    if len(columns) == _COLUMNS:
        ptr_column: Iterable[str] = map(at, columns[len(_BASE)])
        detail_column: Iterable[SenderDetail] = map(_details(strings, columns[len(_BASE) + 1]).__getitem__,
                                                    columns[len(_BASE) + 1])
    else:
        ptr_column, detail_column = itertools.repeat(""), itertools.repeat(NO_DETAIL)
    new = object.__new__
    s_day, s_ip, s_rep, s_hf, s_ef, s_dk, s_disp, s_sa, s_sl, s_da, s_dl, s_unknown, s_count, s_ptr, s_detail = _SET
    out: list[Fact] = []
    append = out.append
    for a, b, c, d, e, f, g, count, ptr, detail in zip(map(at, ip), map(at, reporter), map(at, header_from),
                                                       map(at, envelope_from), map(at, dkim_domains),
                                                       map(at, disposition), flags, counts, ptr_column,
                                                       detail_column, strict=False):
        fact = new(Fact)
        s_day(fact, day)
        s_ip(fact, a)
        s_rep(fact, b)
        s_hf(fact, c)
        s_ef(fact, d)
        s_dk(fact, e)
        s_disp(fact, f)
        s_sa(fact, g & 1 != 0)
        s_sl(fact, g & 2 != 0)
        s_da(fact, g & 4 != 0)
        s_dl(fact, g & 8 != 0)
        s_unknown(fact, g & 16 != 0)
        s_count(fact, count)
        s_ptr(fact, ptr)
        s_detail(fact, detail)
        append(fact)
    if len(out) != len(counts):
        raise ValueError("fact encoding: columns of unequal length")
    return out


def _details(strings: list[str], column: Sequence[int]) -> dict[int, SenderDetail]:
    """One SenderDetail per distinct detail string of the day."""
    out: dict[int, SenderDetail] = {}
    intern = sys.intern
    for index in set(column):
        values = strings[index].split(_SEP)
        if len(values) != len(_DETAIL_FIELDS):
            raise ValueError("fact encoding: malformed sender detail")
        if not any(values):
            out[index] = NO_DETAIL
            continue
        detail = out[index] = object.__new__(SenderDetail)
        for setter, value in zip(_DETAIL_SET, values, strict=True):
            setter(detail, intern(value))
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
