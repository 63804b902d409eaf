"""CSV tables of the senders analysis and the DKIM selector inventory (one row per service / selector)."""
from __future__ import annotations

from chalicelib.analysis.selectors import SelectorInventory
from chalicelib.api.encode.csvfile import Cell
from chalicelib.senders.report import SendersReport

Table = tuple[tuple[str, ...], list[tuple[Cell, ...]]]


def senders_table(r: SendersReport) -> Table:
    header = ("service", "name", "category", "messages", "pct", "dmarc_pass", "dmarc_pass_pct", "spf_aligned_pct",
              "dkim_aligned_pct", "pattern_1", "pattern_2", "pattern_3", "pattern_4", "tagged", "tags",
              "forwarded", "mailing_list", "sources", "source_ips", "reverse_dns", "reporters", "fix", "docs")
    rows: list[tuple[Cell, ...]] = [
        (row.service, row.name, row.category, row.messages, row.pct, row.dmarc_pass, row.dmarc_pass_pct,
         row.spf_aligned_pct, row.dkim_aligned_pct, *row.patterns, row.tagged, " ".join(row.tags), row.forwarded,
         row.mailing_list, row.source_count, " ".join(s.ip for s in row.sources),
         " ".join(sorted({s.ptr for s in row.sources if s.ptr})), " ".join(n.name for n in row.reporters),
         "\n".join(f.text for f in row.fixes), row.docs)
        for row in r.rows
    ]
    return header, rows


def selectors_table(r: SelectorInventory) -> Table:
    header = ("d", "selector", "own", "first_seen", "last_seen", "days", "messages", "passed", "pass_pct",
              "services")
    rows: list[tuple[Cell, ...]] = [
        (s.domain, s.selector, s.own, s.first_seen.isoformat(), s.last_seen.isoformat(), s.days, s.messages,
         s.passed, s.pass_pct, " ".join(x or "-" for x in s.services))
        for s in r.rows
    ]
    return header, rows
