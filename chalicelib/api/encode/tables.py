"""Every analysis result as a flat table (header, rows), ready for ``csvfile.render_csv``:

    body = render_csv(*pattern_table(report))
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from chalicelib.analysis.common import UNTAGGED_LABEL, DayPoint, NameCount
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.overview import Overview
from chalicelib.analysis.patterns import PatternReport
from chalicelib.analysis.portfolio import PortfolioRow
from chalicelib.analysis.readiness import Readiness
from chalicelib.analysis.spoofing import SpoofingPage
from chalicelib.analysis.tags import TagReport
from chalicelib.api.encode.csvfile import Cell

Table = tuple[tuple[str, ...], list[tuple[Cell, ...]]]
Stream = tuple[tuple[str, ...], Iterable[tuple[Cell, ...]]]  # a table whose rows may come one at a time
PATTERN_COLUMNS = ("pattern_1", "pattern_2", "pattern_3", "pattern_4")
UNKNOWN_TITLE = {"en": "DMARC result unknown (no verdict and no auth results in the report)",
                 "ja": "DMARC 判定不明（レポートに判定も認証結果もない）"}
FORWARDED_TITLE = {"en": "Failing mail that came indirectly (forwarded, mailing lists): not possible spoofing",
                   "ja": "転送・メーリングリスト経由で失敗したメール（なりすましの可能性には含めない）"}


def overview_table(o: Overview) -> Table:
    rows: list[tuple[Cell, ...]] = [
        ("messages", o.messages, 100.0 if o.messages else 0.0),
        ("dmarc_pass", o.dmarc_pass, o.dmarc_pass_pct),
        ("dmarc_unknown", o.dmarc_unknown, o.dmarc_unknown_pct),
        ("spf_auth", o.spf_auth, o.spf_auth_pct),
        ("spf_aligned", o.spf_aligned, o.spf_aligned_pct),
        ("dkim_auth", o.dkim_auth, o.dkim_auth_pct),
        ("dkim_aligned", o.dkim_aligned, o.dkim_aligned_pct),
    ]
    rows += [(f"disposition_{d.name}", d.messages, d.pct) for d in o.dispositions]
    return ("metric", "messages", "pct"), rows


def daily_table(points: Iterable[DayPoint]) -> Table:
    return (("day", "total", "dmarc_pass", "dmarc_fail", "dmarc_unknown"),
            [(p.day, p.total, p.passed, p.failed, p.unknown) for p in points])


def name_count_table(items: Iterable[NameCount], name: str = "name") -> Table:
    return (name, "messages", "pct"), [(i.name, i.messages, i.pct) for i in items]


def pattern_table(r: PatternReport, lang: str = "en") -> Table:
    header = ("pattern", "title", "messages", "pct", "tagged", "tagged_pct", "possible_spoofing",
              "possible_spoofing_pct", "sources")
    rows: list[tuple[Cell, ...]] = [
        (row.pattern, row.advice.text(lang).title, row.messages, row.pct, row.tagged, row.tagged_pct,
         row.spoofing, row.spoofing_pct, row.sources)
        for row in r.rows
    ]
    if r.unknown:  # messages in no pattern: not failures, so neither tagged nor possible spoofing
        rows.append(("unknown", UNKNOWN_TITLE[lang if lang in UNKNOWN_TITLE else "en"], r.unknown, r.unknown_pct,
                     None, None, None, None, None))
    if r.forwarded:  # failures that came indirectly: in no pattern row, neither tagged nor possible spoofing
        rows.append(("forwarded", FORWARDED_TITLE[lang if lang in FORWARDED_TITLE else "en"], r.forwarded,
                     r.forwarded_pct, None, None, None, None, None))
    return header, rows


def tag_table(r: TagReport) -> Table:
    header = ("tag", "sources", "messages", "pct", "spf_pass", "spf_fail", "spf_aligned", "dkim_pass", "dkim_fail",
              "dkim_aligned", "dmarc_pass", "dmarc_fail", "dmarc_pass_pct", *PATTERN_COLUMNS)
    rows: list[tuple[Cell, ...]] = [
        (UNTAGGED_LABEL if t.tag is None else t.tag, t.sources, t.messages, t.pct, t.spf_pass, t.spf_fail,
         t.spf_aligned, t.dkim_pass, t.dkim_fail, t.dkim_aligned, t.dmarc_pass, t.dmarc_fail, t.dmarc_pass_pct,
         *t.patterns)
        for t in r.rows
    ]
    return header, rows


SPOOFING_HEADER = ("source_ip", "messages", "pct", "dmarc_fail", "spf_fail", "dkim_fail", *PATTERN_COLUMNS,
                   "header_from", "envelope_from", "dkim_domains", "reporters", "first_day", "last_day")


def spoofing_table(page: SpoofingPage) -> Table:
    return SPOOFING_HEADER, spoofing_rows(page)


def spoofing_rows(page: SpoofingPage) -> list[tuple[Cell, ...]]:
    return [(s.source_ip, s.messages, s.pct, s.dmarc_fail, s.spf_fail, s.dkim_fail, *s.patterns,
             " ".join(s.header_from), " ".join(s.envelope_from), " ".join(s.dkim_domains), "; ".join(s.reporters),
             s.first_day, s.last_day) for s in page.items]


def readiness_table(r: Readiness) -> Table:
    header = ("tag", "messages", "would_be_hit", "hit_pct", *PATTERN_COLUMNS, "blocking")
    rows: list[tuple[Cell, ...]] = [
        (t.tag, t.messages, t.would_be_hit, t.hit_pct, *t.patterns, t.blocking) for t in r.tags
    ]
    rows.append((UNTAGGED_LABEL, r.unregistered_messages, r.unregistered_hit, r.unregistered_hit_pct,
                 None, None, None, None, None))
    return header, rows


FACT_HEADER = ("day", "source_ip", "reporter", "header_from", "envelope_from", "dkim_domains", "spf_auth",
               "spf_aligned", "dkim_auth", "dkim_aligned", "dmarc_pass", "pattern", "disposition", "count",
               "dmarc_unknown", "reverse_dns", "service", "route", "dkim", "spf_domain", "spf_scope",
               "override_reasons")


def facts_table(facts: Iterable[Fact]) -> Table:
    return FACT_HEADER, list(fact_rows(facts))


def fact_rows(facts: Iterable[Fact]) -> Iterator[tuple[Cell, ...]]:
    """The rows of facts_table, made as the facts come (the CSV of every record streams them)."""
    for f in facts:
        yield (f.day, f.source_ip, f.reporter, f.header_from, f.envelope_from, f.dkim_domains, f.spf_auth,
               f.spf_aligned, f.dkim_auth, f.dkim_aligned, f.dmarc_pass, f.pattern, f.disposition, f.count, f.unknown,
               f.ptr, f.detail.service, f.detail.route, f.detail.dkim, f.detail.spf_domain, f.detail.spf_scope,
               "; ".join(f"{t}={c}" if c else t for t, c in f.detail.override_reasons()))


def portfolio_table(rows: Iterable[PortfolioRow]) -> Table:
    """One line per domain; `trend_pass_pct` is the daily DMARC pass % from `trend_start`, space-separated
    ("-" on a day without messages)."""
    header = ("domain", "display_name", "messages", "dmarc_pass_pct", "own_failing", "possible_spoofing", "stage",
              "p", "sp", "t", "open_alerts", "trend_start", "trend_pass_pct")
    return header, [(r.domain, r.display_name, r.messages, r.dmarc_pass_pct, r.own_failing, r.spoofing, r.stage,
                     r.p, r.sp, r.t, r.open_alerts, r.trend.start,
                     " ".join("-" if v is None else f"{v:g}" for v in r.trend.pass_pct)) for r in rows]
