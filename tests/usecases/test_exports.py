"""Downloads on fakes: a CSV up to the inline size is answered as it is; a larger one is stored and answered
with a link that leads to the same bytes. Drill-down pages read in parts give the page a whole sort gives."""
from __future__ import annotations

import random
from datetime import date, timedelta

from chalicelib.adapters.memory_exports import MemoryExports
from chalicelib.analysis import drilldown as dd
from chalicelib.analysis.facts import Fact
from chalicelib.api.encode.csvfile import render_csv, write_csv
from chalicelib.services.exports import Exported, ExportService

ROWS = [("192.0.2.1", n, "=cmd" if n == 3 else "ok") for n in range(5000)]


def test_small_files_are_answered_and_large_ones_linked() -> None:
    store = MemoryExports()
    expected = render_csv(("ip", "n", "note"), ROWS)
    inline = ExportService(store, len(expected), 60).deliver("a.csv", "text/csv", lambda out: write_csv(
        out, ("ip", "n", "note"), iter(ROWS)))
    assert inline == expected and store.files == {}
    linked = ExportService(store, len(expected) - 1, 60, token=lambda: "t1").deliver(
        "b.csv", "text/csv", lambda out: write_csv(out, ("ip", "n", "note"), iter(ROWS)))
    assert isinstance(linked, Exported)
    assert (linked.filename, linked.size, linked.expires_in) == ("b.csv", len(expected), 60)
    assert linked.url.endswith("/t1/b.csv?expires=60")
    assert store.fetch(linked.url) == expected
    assert b"'=cmd" in expected  # the formula guard holds in the streamed writer too


def test_pages_read_in_parts_equal_pages_of_a_whole_sort() -> None:
    rnd = random.Random(7)
    start = date(2026, 1, 1)
    facts = [Fact(start + timedelta(days=rnd.randrange(3)), f"10.0.{rnd.randrange(4)}.{rnd.randrange(9)}",
                  "r.example", "example.com", "", "", False, False, False, False, "none", rnd.randrange(1, 6))
             for _ in range(3000)]
    parts = [facts[at:at + 128] for at in range(0, len(facts), 128)]
    for offset, limit in ((0, 100), (250, 40), (2990, 100)):
        whole = dd.select(facts, lambda f: f.count > 1, offset, limit)
        assert dd.select_chunks(parts, lambda f: f.count > 1, offset, limit) == whole
        expected = sorted((f for f in facts if f.count > 1), key=lambda f: (-f.count, f.day, f.source_ip))
        assert list(whole.items) == expected[offset:offset + limit]
