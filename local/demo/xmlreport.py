"""Renders one RFC 7489 aggregate report as XML text, with the chosen reporter's quirks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from local.demo.reporters import Reporter
from local.demo.senders import DEMO_DOMAIN, Sender


@dataclass(frozen=True, slots=True)
class Row:
    sender: Sender
    ip: str
    count: int


def _el(tag: str, value: object, indent: int) -> str:
    return f"{'  ' * indent}<{tag}>{escape(str(value))}</{tag}>"


def _block(tag: str, lines: Iterable[str], indent: int) -> list[str]:
    pad = "  " * indent
    return [f"{pad}<{tag}>", *lines, f"{pad}</{tag}>"]


def render(reporter: Reporter, day: date, rows: Iterable[Row], domain: str = DEMO_DOMAIN, p: str = "none",
           testing: str | None = None) -> bytes:
    """The report of `domain` (another domain's: the portfolio demo) as published with `p` (sp the same) and
    RFC 9990's `testing` (t=) when given. The reporter applies `p` (a level lower under t=y) to failing mail
    without an override reason (the main demo's reporters see p=none but for local.demo.STALE_RECORD)."""
    begin, end = reporter.window(day)
    attrs = (' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
             if reporter.ms_namespaces else "")
    lines = ['<?xml version="1.0" encoding="UTF-8" ?>', f"<feedback{attrs}>"]
    if reporter.version:
        lines.append(_el("version", "1.0", 1))
    meta = [_el("org_name", reporter.org_name, 2), _el("email", reporter.email, 2)]
    if reporter.extra_contact:
        meta.append(_el("extra_contact_info", reporter.extra_contact, 2))
    meta.append(_el("report_id", reporter.report_id(day), 2))
    meta += _block("date_range", [_el("begin", int(begin.timestamp()), 3), _el("end", int(end.timestamp()), 3)], 2)
    lines += _block("report_metadata", meta, 1)
    policy = [_el("domain", domain, 2), _el("adkim", "r", 2), _el("aspf", "r", 2), _el("p", p, 2),
              _el("sp", p, 2), _el("pct", 100, 2)]
    if testing:
        policy.append(_el("testing", testing, 2))
    if reporter.org_name == "google.com":
        policy.append(_el("np", "none", 2))
    elif reporter.ms_namespaces:
        policy.append(_el("fo", 0, 2))
    lines += _block("policy_published", policy, 1)
    applied = {"reject": "quarantine", "quarantine": "none"}.get(p, p) if testing == "y" else p  # RFC 9989 t=y
    for row in rows:
        lines += _record(reporter, row, applied)
    lines.append("</feedback>")
    return ("\n".join(lines) + "\n").encode()


def _record(reporter: Reporter, row: Row, requested: str) -> list[str]:
    s = row.sender
    applied = "none" if s.dkim_aligned or s.spf_aligned or s.reason else requested
    evaluated = [_el("disposition", applied, 4), _el("dkim", "pass" if s.dkim_aligned else "fail", 4),
                 _el("spf", "pass" if s.spf_aligned else "fail", 4)]
    if s.reason and not (s.dkim_aligned or s.spf_aligned):
        reason = [_el("type", s.reason[0], 5)] + ([_el("comment", s.reason[1], 5)] if s.reason[1] else [])
        evaluated += _block("reason", reason, 4)
    row_lines = [_el("source_ip", row.ip, 3), _el("count", row.count, 3), *_block("policy_evaluated", evaluated, 3)]
    ids = [_el("envelope_to", reporter.envelope_to, 3)] if reporter.envelope_to else []
    if reporter.envelope_from:
        ids.append(_el("envelope_from", s.envelope_from, 3))
    ids.append(_el("header_from", s.header_from, 3))
    auth: list[str] = []
    for d in s.dkim:
        auth += _block("dkim", [_el("domain", d.domain, 4), _el("selector", d.selector, 4),
                                _el("result", d.result, 4)], 3)
    auth += _block("spf", [_el("domain", s.envelope_from, 4), _el("scope", "mfrom", 4),
                           _el("result", s.spf_result, 4)], 3)
    body = [*_block("row", row_lines, 2), *_block("identifiers", ids, 2), *_block("auth_results", auth, 2)]
    return _block("record", body, 1)
