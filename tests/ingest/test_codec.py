"""The day-rollup fact encoding: lossless, merging, splittable."""
from __future__ import annotations

from chalicelib.analysis import codec
from chalicelib.analysis.daily import report_facts
from tests.ingest.reportgen import DAY0, report


def test_round_trip() -> None:
    facts = report_facts(report(records=200, count=3))
    assert codec.decode(codec.encode(facts), DAY0.date()) == codec.merge(facts)


def test_equal_keys_are_added() -> None:
    facts = report_facts(report(records=5, count=2))
    merged = codec.decode(codec.encode(facts + facts), DAY0.date())
    assert [f.count for f in merged] == [2 * f.count for f in codec.merge(facts)]


def test_parts_respect_the_size_and_keep_everything() -> None:
    facts = report_facts(report(records=3000))
    parts = codec.encode_parts(facts, 8_000)
    assert len(parts) > 1 and all(len(p) <= 8_000 for p in parts)
    back = [f for p in parts for f in codec.decode(p, DAY0.date())]
    assert codec.merge(back) == codec.merge(facts)


def test_empty() -> None:
    assert codec.decode(codec.encode([]), DAY0.date()) == []
    assert codec.decode(b"", DAY0.date()) == []
