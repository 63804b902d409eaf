"""The content digest of an aggregate report (see `trust`): sha256 of repr((begin, end, policy, records)).

Digests are stored with each report, so the text hashed must stay exactly what that expression gives. Building
that repr for 40,000 records through the dataclasses' generated __repr__ took ~0.2 s. Here each record's text is
written by one f-string with the same layout, its address through the C formatter where that writes the same
text, the DKIM/SPF/reason tuples that records share (see dmarc.records) once each, and the text is hashed in
chunks instead of as one 16 MB string. The layout is checked against Record's fields at import; tests compare
the result with the plain expression."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import fields
from ipaddress import IPv4Address, IPv6Address
from socket import AF_INET, AF_INET6
from socket import inet_ntop as _ntop

from chalicelib.dmarc.model import AggregateReport, Record

_LAYOUT = ("source_ip", "count", "disposition", "dkim_aligned", "spf_aligned", "header_from", "envelope_from",
           "envelope_to", "reasons", "dkim", "spf")
_CHUNK = 512  # records per hashed chunk


def _check_layout() -> None:
    declared = tuple(f.name for f in fields(Record) if f.repr)
    if declared != _LAYOUT or Record.__qualname__ != "Record" or not Record.__dataclass_params__.repr:  # type: ignore[attr-defined]
        raise RuntimeError(f"services.digest: Record's repr changed ({declared}); update the layout it writes")


_check_layout()


def content_digest(report: AggregateReport) -> str:
    meta = report.metadata
    digest = hashlib.sha256()
    head = repr((meta.begin, meta.end, report.policy, ()))  # "(begin, end, policy, ())": the records go in the ()
    digest.update(head[:-3].encode())
    for chunk in _records_repr(report.records):
        digest.update(chunk.encode())
    digest.update(b")")
    return digest.hexdigest()


def _records_repr(records: tuple[Record, ...]) -> Iterator[str]:
    """repr(records) in pieces."""
    if len(records) == 1:
        yield f"({_record_repr(records[0], {})},)"
        return
    yield "("
    shown: dict[int, str] = {}  # id -> repr of the shared tuples (alive as long as `records`)
    for start in range(0, len(records), _CHUNK):
        text = ", ".join([_record_repr(record, shown) for record in records[start:start + _CHUNK]])
        yield text if start == 0 else ", " + text
    yield ")"


def _record_repr(r: Record, shown: dict[int, str]) -> str:
    get = shown.get
    return (f"Record(source_ip={_address(r.source_ip)}, count={r.count!r}, disposition={r.disposition!r}, "
            f"dkim_aligned={r.dkim_aligned!r}, spf_aligned={r.spf_aligned!r}, header_from={r.header_from!r}, "
            f"envelope_from={r.envelope_from!r}, envelope_to={r.envelope_to!r}, "
            f"reasons={get(id(r.reasons)) or _shown(r.reasons, shown)}, "
            f"dkim={get(id(r.dkim)) or _shown(r.dkim, shown)}, spf={get(id(r.spf)) or _shown(r.spf, shown)})")


def _shown(value: tuple[object, ...], shown: dict[int, str]) -> str:
    text = shown[id(value)] = repr(value)
    return text


def _address(ip: IPv4Address | IPv6Address) -> str:
    """repr(ip). The C formatter writes the same text as ipaddress (dotted quad; RFC 5952 hextets, the first
    longest zero run compressed) except for IPv6 forms with an embedded IPv4 address, which keep the slow path."""
    if type(ip) is IPv4Address:
        return f"IPv4Address('{_ntop(AF_INET, int(ip).to_bytes(4, 'big'))}')"
    if type(ip) is IPv6Address and ip.scope_id is None:
        text = _ntop(AF_INET6, int(ip).to_bytes(16, "big"))
        if "." not in text:
            return f"IPv6Address('{text}')"
    return repr(ip)
