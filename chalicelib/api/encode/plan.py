"""The plan's senders to fix as a CSV table (one row per sender, its fix texts one per line)."""
from __future__ import annotations

from chalicelib.analysis.plan import Plan
from chalicelib.api.encode.csvfile import Cell
from chalicelib.api.encode.tables import Table


def senders_to_fix_table(p: Plan) -> Table:
    header = ("sender", "tag", "service", "service_name", "messages", "hit", "hit_pct", "share_pct", "pattern",
              "fix", "docs")
    rows: list[tuple[Cell, ...]] = [
        (s.name, s.tag, s.service, s.service_name, s.messages, s.hit, s.hit_pct, s.share_pct, s.pattern or None,
         "\n".join(f.text for f in s.fixes), next((f.docs for f in s.fixes if f.docs), ""))
        for s in p.senders
    ]
    return header, rows
