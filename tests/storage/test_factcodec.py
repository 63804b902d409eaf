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
        row = [table.setdefault(getattr(f, name), len(table)) for name in factcodec._BASE]
        row += [sum(1 << i for i, name in enumerate(factcodec._FLAGS) if getattr(f, name)), f.count]
        rows.append(row)
    return zlib.compress(json.dumps({"v": 1, "s": list(table), "r": rows}).encode())


def test_format_1_blobs_still_decode() -> None:
    from dataclasses import replace

    from chalicelib.analysis.facts import NO_DETAIL

    facts = report_facts(report(records=50, count=2))  # format 1 had no sender detail: it reads as none
    assert factcodec.decode(_format_1(facts), DAY0.date()) == [
        replace(f, ptr="", detail=NO_DETAIL) for f in factcodec.merge(facts)]


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


def test_unknown_verdicts_round_trip_in_format_4() -> None:
    import zlib
    from dataclasses import replace

    facts = factcodec.merge(report_facts(report(records=6, count=3)))
    mixed = [replace(f, spf_aligned=False, dkim_aligned=False, unknown=True) if i % 2 else f
             for i, f in enumerate(facts)]
    blob = factcodec.encode(mixed)
    assert zlib.decompress(blob)[:1] == b"\x04"
    back = factcodec.decode(blob, DAY0.date())
    assert back == factcodec.merge(mixed)
    assert sum(f.pattern is Pattern.UNKNOWN for f in back) == sum(f.unknown for f in factcodec.merge(mixed)) > 0


def _format_3(facts: list[factcodec.Fact]) -> bytes:
    """A blob as format 3 wrote it: the 8 columns, before the sender detail."""
    import json
    import zlib

    merged = factcodec.merge(facts)
    table: dict[str, int] = {}
    columns: list[list[int]] = [[] for _ in range(8)]
    for f in merged:
        for column, name in zip(columns, factcodec._BASE, strict=False):
            column.append(table.setdefault(getattr(f, name), len(table)))
        columns[6].append(sum(1 << i for i, name in enumerate(factcodec._FLAGS) if getattr(f, name)))
        columns[7].append(f.count)
    strings = json.dumps(list(table)).encode()
    out = bytearray(b"\x03") + factcodec._HEAD.pack(len(strings), len(merged)) + strings
    for column in columns:
        out += factcodec._column(column)
    return zlib.compress(bytes(out))


def test_format_3_blobs_decode_without_sender_detail() -> None:
    from dataclasses import replace

    from chalicelib.analysis.facts import NO_DETAIL

    facts = report_facts(report(records=40, count=2))
    back = factcodec.decode(_format_3(facts), DAY0.date())
    assert back == [replace(f, ptr="", detail=NO_DETAIL) for f in factcodec.merge(facts)]
    assert all(f.service == "" and f.route == "" for f in back)


def test_sender_detail_round_trips_and_is_shared() -> None:
    from dataclasses import replace

    from chalicelib.analysis.facts import SenderDetail

    facts = factcodec.merge(report_facts(report(records=30, count=2)))
    detail = SenderDetail("bounce.example.net", "mfrom", "example.net/s1/pass example.com/k/fail",
                          "mailing_list=list.example.org\nlocal_policy", "sendgrid", "mailing_list")
    rich = [replace(f, ptr=f"o{i}.ptr.example.net", detail=detail) if i % 3 else f for i, f in enumerate(facts)]
    back = factcodec.decode(factcodec.encode(rich), DAY0.date())
    assert back == factcodec.merge(rich)
    shared = {id(f.detail) for f in back if f.detail == detail}
    assert len(shared) == 1
    assert detail.dkim_results() == (("example.net", "s1", "pass"), ("example.com", "k", "fail"))
    assert detail.override_reasons() == (("mailing_list", "list.example.org"), ("local_policy", ""))
