"""AggregateReport <-> plain data for the report item: metadata and policy as a JSON map, records as compact
JSON rows compressed with zlib, split into blobs small enough for a DynamoDB item."""
from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime
from ipaddress import ip_address
from typing import Any

from chalicelib.dmarc.model import (
    AggregateReport,
    DkimAuth,
    PolicyOverride,
    PolicyPublished,
    Record,
    ReportMetadata,
    SpfAuth,
)

ROWS_PER_BLOB = 8000


def describe(report: AggregateReport) -> dict[str, Any]:
    """Everything but the records, as JSON-ready data."""
    meta = asdict(report.metadata)
    meta["begin"], meta["end"] = report.metadata.begin.isoformat(), report.metadata.end.isoformat()
    description = {"schema": report.schema, "version": report.version, "metadata": meta,
                   "policy": asdict(report.policy), "warnings": list(report.warnings),
                   "source_name": report.source_name}
    return dict(json.loads(json.dumps(description)))  # the shape it has once read back (lists, not tuples)


def rebuild(description: dict[str, Any], records: Sequence[Record]) -> AggregateReport:
    meta = dict(description["metadata"])
    meta["begin"], meta["end"] = datetime.fromisoformat(meta["begin"]), datetime.fromisoformat(meta["end"])
    meta["errors"] = tuple(meta.get("errors") or ())
    return AggregateReport(
        schema=description["schema"], version=description["version"], metadata=ReportMetadata(**meta),
        policy=PolicyPublished(**description["policy"]), records=tuple(records),
        warnings=tuple(description.get("warnings") or ()), source_name=description.get("source_name"))


def encode_records(records: Sequence[Record], max_bytes: int) -> list[bytes]:
    """Records in order, as blobs of at most `max_bytes` (a blob holds at least one record)."""
    blobs: list[bytes] = []
    for start in range(0, len(records), ROWS_PER_BLOB):
        blobs.extend(_encode_rows([_row(r) for r in records[start:start + ROWS_PER_BLOB]], max_bytes))
    return blobs or [_compress([])]


def decode_records(blobs: Iterable[bytes]) -> list[Record]:
    return [_record(row) for blob in blobs for row in json.loads(zlib.decompress(blob))]


def digest(blobs: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for blob in blobs:
        h.update(len(blob).to_bytes(8, "big"))
        h.update(blob)
    return h.hexdigest()[:16]


def _encode_rows(rows: list[list[Any]], max_bytes: int) -> list[bytes]:
    blob = _compress(rows)
    if len(blob) <= max_bytes or len(rows) <= 1:
        return [blob]
    half = len(rows) // 2
    return _encode_rows(rows[:half], max_bytes) + _encode_rows(rows[half:], max_bytes)


def _compress(rows: list[list[Any]]) -> bytes:
    return zlib.compress(json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode(), 6)


def _flag(verdict: bool | None) -> int | None:
    return None if verdict is None else int(verdict)  # None (null): the verdict is unknown


def _verdict(flag: int | None) -> bool | None:
    return None if flag is None else bool(flag)


def _row(r: Record) -> list[Any]:
    return [str(r.source_ip), r.count, r.disposition, _flag(r.dkim_aligned), _flag(r.spf_aligned), r.header_from,
            r.envelope_from, r.envelope_to, [[o.type, o.comment] for o in r.reasons],
            [[d.domain, d.selector, d.result, d.human_result] for d in r.dkim],
            [[s.domain, s.scope, s.result, s.human_result] for s in r.spf]]


def _record(row: list[Any]) -> Record:
    ip, count, disposition, dkim_aligned, spf_aligned, header_from, envelope_from, envelope_to, reasons, dkim, spf = row
    return Record(source_ip=ip_address(ip), count=count, disposition=disposition, dkim_aligned=_verdict(dkim_aligned),
                  spf_aligned=_verdict(spf_aligned), header_from=header_from, envelope_from=envelope_from,
                  envelope_to=envelope_to, reasons=tuple(PolicyOverride(*o) for o in reasons),
                  dkim=tuple(DkimAuth(*d) for d in dkim), spf=tuple(SpfAuth(*s) for s in spf))
