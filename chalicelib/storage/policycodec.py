"""Compact bytes for one day of the policy log (chalicelib.storage.policylog): the policy of each counted report
that begins on the day, in report order. The domain and the day are not encoded (they are the item's key).

Format 1: b"\\x01" and a JSON array [scale, policies, reporters, reporter indexes, policy indexes, begins,
lengths, report ids], zlib'd as a whole when that saves at least a quarter (a zlib stream never starts with the
format byte):
- policies: the day's distinct PolicyPublished, each the list of its fields in FIELDS order, the domain null
  when it is the log's domain; reporters: the distinct reporter names;
- then one column per field, one value per report: the indexes into those two tables; the period's begin in
  ticks since the day's midnight (UTC) and its length (end - begin) in ticks, null when it has no end; the id;
- scale: ticks per second, 1 unless some begin or end of the day has microseconds (then 1,000,000).
A day of 30 reports from 30 reporters under one policy is ~0.6 KB, most of it the report ids. A new layout gets a
new first byte.

A month's policy sums (chalicelib.analysis.policy_sums) are kept beside its days: format b"\\x01" and a JSON array
[policies, reports per policy, reporters, newest, last day, last], zlib'd likewise; `newest` and `last` are entry
columns [reporter indexes, policy indexes, begins, ends, report ids] with times in microseconds since the epoch
(null: no end), the last day ISO (null: no reports)."""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import astuple, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.analysis.policy_sums import PolicySums, Reported
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.slots import slot_setters

FORMAT = b"\x01"
FIELDS = tuple(f.name for f in fields(PolicyPublished))
KEEP_RAW_ABOVE = 0.75  # zlib'd only when that saves at least a quarter
MICROS = 1_000_000
_DOMAIN = FIELDS.index("domain")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SET = slot_setters(ReportedPolicy, ("policy", "reporter", "report_id", "begin", "end"), "storage.policycodec")


def _ticks(delta: timedelta, scale: int) -> int:
    return (delta.days * 86_400 + delta.seconds) * scale + (delta.microseconds if scale == MICROS else 0)


def encode(domain: str, day: date, entries: Sequence[ReportedPolicy]) -> bytes:
    midnight = datetime.combine(day, time(), tzinfo=UTC)
    scale = MICROS if any(e.begin.microsecond or (e.end is not None and e.end.microsecond) for e in entries) else 1
    policies: dict[PolicyPublished, int] = {}
    reporters: dict[str, int] = {}
    columns: list[list[Any]] = [[], [], [], [], []]
    for e in entries:
        if e.begin < midnight or e.begin - midnight >= timedelta(days=1):
            raise ValueError(f"a report beginning {e.begin.isoformat()} is not of the log's day {day}")
        columns[0].append(reporters.setdefault(e.reporter, len(reporters)))
        columns[1].append(policies.setdefault(e.policy, len(policies)))
        columns[2].append(_ticks(e.begin - midnight, scale))
        columns[3].append(None if e.end is None else _ticks(e.end - e.begin, scale))
        columns[4].append(e.report_id)
    return _packed([scale, _table(domain, policies), list(reporters), *columns])


def decode(blob: bytes, domain: str, day: date) -> list[ReportedPolicy]:
    scale, table, reporters, by_reporter, by_policy, begins, lengths, ids = _unpacked(blob)
    policies = [PolicyPublished(*_fields(row, domain)) for row in table]
    midnight = datetime.combine(day, time(), tzinfo=UTC)
    starts: dict[int, datetime] = {}
    ends: dict[tuple[int, int], datetime] = {}
    out = []
    set_policy, set_reporter, set_id, set_begin, set_end = _SET
    for r, p, b, n, report_id in zip(by_reporter, by_policy, begins, lengths, ids, strict=True):
        begin = starts.get(b)
        if begin is None:
            begin = starts[b] = midnight + _delta(b, scale)
        end = None
        if n is not None:
            end = ends.get((b, n))
            if end is None:
                end = ends[b, n] = begin + _delta(n, scale)
        entry = object.__new__(ReportedPolicy)  # a year of a large domain is ~11,000: no frozen __init__
        set_policy(entry, policies[p])
        set_reporter(entry, reporters[r])
        set_id(entry, report_id)
        set_begin(entry, begin)
        set_end(entry, end)
        out.append(entry)
    return out


def encode_sums(domain: str, sums: PolicySums) -> bytes:
    policies: dict[PolicyPublished, int] = {p: n for n, p in enumerate(sums.counts)}
    reporters: dict[str, int] = {}

    def columns(entries: Sequence[Reported]) -> list[list[Any]]:
        out: list[list[Any]] = [[], [], [], [], []]
        for e in entries:
            out[0].append(reporters.setdefault(e.reporter, len(reporters)))
            out[1].append(policies.setdefault(e.policy, len(policies)))
            out[2].append(_ticks(e.begin - EPOCH, MICROS))
            out[3].append(None if e.end is None else _ticks(e.end - EPOCH, MICROS))
            out[4].append(e.report_id)
        return out

    newest, last = columns(sums.newest), columns(sums.last)
    counts = [sums.counts.get(p, 0) for p in policies]
    day = None if sums.last_day is None else sums.last_day.isoformat()
    return _packed([_table(domain, policies), counts, list(reporters), newest, day, last])


def decode_sums(blob: bytes, domain: str) -> PolicySums:
    table, counts, reporters, newest, day, last = _unpacked(blob)
    policies = [PolicyPublished(*_fields(row, domain)) for row in table]
    set_policy, set_reporter, set_id, set_begin, set_end = _SET

    def entries(columns: list[list[Any]]) -> tuple[ReportedPolicy, ...]:
        out = []
        for r, p, begin, end, report_id in zip(*columns, strict=True):
            entry = object.__new__(ReportedPolicy)
            set_policy(entry, policies[p])
            set_reporter(entry, reporters[r])
            set_id(entry, report_id)
            set_begin(entry, EPOCH + _delta(begin, MICROS))
            set_end(entry, None if end is None else EPOCH + _delta(end, MICROS))
            out.append(entry)
        return tuple(out)

    return PolicySums({p: n for p, n in zip(policies, counts, strict=True) if n}, entries(newest),
                      None if day is None else date.fromisoformat(day), entries(last))


def _table(domain: str, policies: Iterable[PolicyPublished]) -> list[list[Any]]:
    return [[None if n == _DOMAIN and v == domain else v for n, v in enumerate(astuple(p))] for p in policies]


def _packed(value: list[Any]) -> bytes:
    raw = FORMAT + json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    small = zlib.compress(raw, 9)
    return small if len(small) < len(raw) * KEEP_RAW_ABOVE else raw


def _unpacked(blob: bytes) -> Any:
    raw = blob if blob[:1] == FORMAT else zlib.decompress(blob)
    if raw[:1] != FORMAT:
        raise ValueError(f"unknown policy log format {raw[:1]!r}")
    return json.loads(raw[1:])


def _fields(row: list[Any], domain: str) -> list[Any]:
    return [domain if n == _DOMAIN and v is None else v for n, v in enumerate(row)]


def _delta(ticks: int, scale: int) -> timedelta:
    return timedelta(seconds=ticks) if scale == 1 else timedelta(microseconds=ticks)
