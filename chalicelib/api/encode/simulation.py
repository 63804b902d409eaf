"""The policy simulation as flat tables (header, rows) for CSV: the message groups, and the rows by tag, by
service, by header_from subdomain and by reporter."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from chalicelib.analysis.simulate import Row, Simulation
from chalicelib.api.encode.csvfile import Cell
from chalicelib.api.encode.tables import Table

ROW_HEADER = ("messages", "none", "quarantine", "reject", "unknown", "hit", "hit_pct")


def groups_table(s: Simulation) -> Table:
    header = ("header_from", "place", "sender", "tag", "service", "dkim_aligned", "spf_aligned", "policy",
              "testing_stepped_down", "from_reported_flags", "outcome", "messages", "sources")
    rows: list[tuple[Cell, ...]] = [
        (g.header_from, g.place, g.sender, g.tag, g.service, g.dkim_aligned, g.spf_aligned, g.policy, g.tested,
         g.fallback, g.outcome, g.messages, g.sources) for g in s.groups]
    return header, rows


def rows_table(name: str, rows: Iterable[Row]) -> Table:
    return (name, *ROW_HEADER), [(r.name, r.messages, r.none, r.quarantine, r.reject, r.unknown, r.hit, r.hit_pct)
                                 for r in rows]


TABLES: dict[str, Callable[[Simulation], Table]] = {
    "groups": groups_table,
    "tags": lambda s: rows_table("tag", s.by_tag),
    "services": lambda s: rows_table("service", s.by_service),
    "subdomains": lambda s: rows_table("header_from", s.by_subdomain),
    "reporters": lambda s: rows_table("reporter", s.by_reporter),
}
