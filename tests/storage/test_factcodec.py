"""The day-rollup fact encoding: lossless, merging, splittable."""
from __future__ import annotations

from chalicelib.analysis.daily import report_facts
from chalicelib.analysis.facts import Pattern
from chalicelib.storage import factcodec
from tests.ingest.reportgen import DAY0, report


def test_round_trip() -> None:
    facts = report_facts(report(records=200, count=3))
    assert factcodec.decode(factcodec.encode(facts), DAY0.date()) == factcodec.merge(facts)


def test_equal_keys_are_added() -> None:
    facts = report_facts(report(records=5, count=2))
    merged = factcodec.decode(factcodec.encode(facts + facts), DAY0.date())
    assert [f.count for f in merged] == [2 * f.count for f in factcodec.merge(facts)]


def test_parts_respect_the_size_and_keep_everything() -> None:
    facts = report_facts(report(records=3000))
    parts = factcodec.encode_parts(facts, 8_000)
    assert len(parts) > 1 and all(len(p) <= 8_000 for p in parts)
    back = [f for p in parts for f in factcodec.decode(p, DAY0.date())]
    assert factcodec.merge(back) == factcodec.merge(facts)


def test_empty() -> None:
    assert factcodec.decode(factcodec.encode([]), DAY0.date()) == []
    assert factcodec.decode(b"", DAY0.date()) == []


def _format_1(facts: list[factcodec.Fact]) -> bytes:
    """A blob as format 1 wrote it (JSON rows), as rollups stored before format 2 hold."""
    import json
    import zlib

    table: dict[str, int] = {}
    rows = []
    for f in factcodec.merge(facts):
        row = [table.setdefault(getattr(f, name), len(table)) for name in factcodec._STRINGS]
        row += [sum(1 << i for i, name in enumerate(factcodec._FLAGS) if getattr(f, name)), f.count]
        rows.append(row)
    return zlib.compress(json.dumps({"v": 1, "s": list(table), "r": rows}).encode())


def test_format_1_blobs_still_decode() -> None:
    facts = report_facts(report(records=50, count=2))
    assert factcodec.decode(_format_1(facts), DAY0.date()) == factcodec.merge(facts)


def test_wide_counts_and_exact_types() -> None:
    from dataclasses import replace

    facts = factcodec.merge(report_facts(report(records=5, count=1)))
    wide = [replace(f, count=c) for f, c in zip(facts, (1, 300, 70_000, 5_000_000_000, 2**63), strict=False)]
    back = factcodec.decode(factcodec.encode(wide), DAY0.date())
    assert back == factcodec.merge(wide)
    assert all(type(f) is factcodec.Fact and type(f.spf_auth) is bool and type(f.count) is int for f in back)
    assert hash(back[0]) == hash(factcodec.merge(wide)[0])


# Written by format 2 (commit 17d17ea) for the two facts of FORMAT_2_FACTS: stored rollups hold such blobs.
FORMAT_2_BLOB = ("eJxjCmRgYGAC4mglQ0sjPQM9Iz1DJR2l9Pz89JxUveT8XCAntSIxtwDOy8vPSwVSRgbGQNWGhsZ6lkBeZGJGfj6QBqKi1KzU5BKl"
                 "WCcGFidGVicmJicmNhBiZnfiZ/BgZ9BhBAAZrBkp")


def test_format_2_blobs_still_decode_with_known_verdicts() -> None:
    import base64
    from datetime import date

    day = date(2026, 3, 1)
    facts = factcodec.decode(base64.b64decode(FORMAT_2_BLOB), day)
    assert [(f.source_ip, f.dmarc_pass, f.unknown, f.count) for f in facts] == [
        ("192.0.2.1", True, False, 7), ("203.0.113.9", False, False, 300)]
    assert facts[1].pattern is Pattern.BOTH_FAIL


def test_unknown_verdicts_round_trip_in_format_3() -> None:
    import zlib
    from dataclasses import replace

    facts = factcodec.merge(report_facts(report(records=6, count=3)))
    mixed = [replace(f, spf_aligned=False, dkim_aligned=False, unknown=True) if i % 2 else f
             for i, f in enumerate(facts)]
    blob = factcodec.encode(mixed)
    assert zlib.decompress(blob)[:1] == b"\x03"
    back = factcodec.decode(blob, DAY0.date())
    assert back == factcodec.merge(mixed)
    assert sum(f.pattern is Pattern.UNKNOWN for f in back) == sum(f.unknown for f in factcodec.merge(mixed)) > 0
