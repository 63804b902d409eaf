"""Hostile containers: 4 GiB gzip and zip bombs (bare, in an e-mail, nested), nesting beyond the limit, truncated
and corrupt archives, archives with too many members, random bytes and empty input."""
from __future__ import annotations

import gzip
import random
import time
import zipfile
from pathlib import Path

import hostile_bombs as bombs
import hostile_reports as reports
import pytest
from hostile_probe import describe, probe

from chalicelib.dmarc import ErrorKind, Limits, ReportError, read_message

BOMB_SECONDS = 5.0
MAX_RSS_MB = 100


def _assert_limit_exceeded_fast_and_small(path: Path, limits: Limits | None = None,
                                          max_rss_mb: float = MAX_RSS_MB) -> None:
    result = probe(path, limits)
    assert result.raised is None, describe(result)
    assert result.reports == 0, describe(result)
    assert ErrorKind.LIMIT_EXCEEDED.value in result.kinds, describe(result)
    assert result.seconds < BOMB_SECONDS, describe(result)
    assert result.rss_delta_mb < max_rss_mb, describe(result)


def _kind(data: bytes, limits: Limits | None = None) -> ErrorKind:
    outcome = read_message(data) if limits is None else read_message(data, limits)
    assert outcome.reports == ()
    with pytest.raises(ReportError) as caught:
        outcome.require()
    return caught.value.kind


def test_gzip_bomb_of_4_gib(gzip_bomb: Path) -> None:
    _assert_limit_exceeded_fast_and_small(gzip_bomb)


def test_zip_bomb_of_4_gib(zip_bomb: Path) -> None:
    _assert_limit_exceeded_fast_and_small(zip_bomb)


def test_gzip_bomb_without_the_ratio_limit_stops_at_the_size_limit(gzip_bomb: Path) -> None:
    limits = Limits(max_ratio=10**9, max_report_bytes=32 * bombs.MiB)
    _assert_limit_exceeded_fast_and_small(gzip_bomb, limits)


def test_zip_bomb_without_the_ratio_limit_stops_at_the_size_limit(zip_bomb: Path) -> None:
    limits = Limits(max_ratio=10**9, max_report_bytes=32 * bombs.MiB)
    _assert_limit_exceeded_fast_and_small(zip_bomb, limits)


def test_gzip_bomb_of_zeros_is_refused_fast_and_small(zeros_gzip_bomb: Path) -> None:
    result = probe(zeros_gzip_bomb)
    assert result.raised is None, describe(result)
    assert result.reports == 0 and result.kinds, describe(result)
    assert result.seconds < BOMB_SECONDS and result.rss_delta_mb < MAX_RSS_MB, describe(result)


@pytest.mark.parametrize("kind", ["gzip", "zip"])
def test_bomb_as_base64_email_attachment(kind: str, gzip_bomb: Path, zip_bomb: Path, tmp_path: Path) -> None:
    bomb = (gzip_bomb if kind == "gzip" else zip_bomb).read_bytes()
    attachment = (reports.Attachment(bomb) if kind == "gzip" else
                  reports.Attachment(bomb, f"{reports.REPORT_NAME}.zip", "application/zip"))
    path = tmp_path / "bomb.eml"
    path.write_bytes(reports.email_message([attachment]))
    _assert_limit_exceeded_fast_and_small(path)


def test_zip_bomb_inside_a_zip(zip_bomb: Path, tmp_path: Path) -> None:
    path = tmp_path / "outer.zip"
    path.write_bytes(reports.zip_of([("inner.zip", zip_bomb.read_bytes())], zipfile.ZIP_STORED))
    _assert_limit_exceeded_fast_and_small(path)


def test_gzip_bomb_inside_gzip_inside_gzip(gzip_bomb: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz.gz.gz"
    path.write_bytes(reports.gz(reports.gz(gzip_bomb.read_bytes(), 9), 9))
    _assert_limit_exceeded_fast_and_small(path)


def test_fan_out_zip_of_zips_of_bombs(tmp_path: Path) -> None:
    """42.zip-style: 8 zips of 8 bombs of 256 MiB each (16 GiB in all), under the member limit everywhere."""
    bomb = bombs.zip64_bytes("bomb.xml", bombs.xml_bomb_stream(256 * bombs.MiB))
    inner = reports.zip_of([(f"bomb{n}.zip", bomb) for n in range(8)], zipfile.ZIP_STORED)
    path = tmp_path / "fan-out.zip"
    path.write_bytes(reports.zip_of([(f"inner{n}.zip", inner) for n in range(8)], zipfile.ZIP_STORED))
    result = probe(path)
    assert result.raised is None, describe(result)
    assert result.reports == 0 and ErrorKind.LIMIT_EXCEEDED.value in result.kinds, describe(result)
    assert result.seconds < 4 * BOMB_SECONDS and result.rss_delta_mb < MAX_RSS_MB, describe(result)


def _wrap(data: bytes, layers: int, kind: str) -> bytes:
    for n in range(layers):
        data = reports.gz(data, 1) if kind == "gzip" else reports.zip_of([(f"layer{n}.zip", data)])
    return data


@pytest.mark.parametrize("kind", ["gzip", "zip"])
def test_nesting_beyond_the_default_limit(kind: str) -> None:
    data = _wrap(reports.aggregate_xml(), Limits().max_nesting + 4, kind)
    assert _kind(data) is ErrorKind.LIMIT_EXCEEDED


@pytest.mark.parametrize("kind", ["gzip", "zip"])
def test_nesting_beyond_a_small_limit(kind: str) -> None:
    data = _wrap(reports.aggregate_xml(), 4, kind)
    assert _kind(data, Limits(max_nesting=1)) is ErrorKind.LIMIT_EXCEEDED


def test_gzip_nested_1500_times_is_no_recursion_error() -> None:
    data = _wrap(reports.aggregate_xml(), 1500, "gzip")
    start = time.perf_counter()
    assert _kind(data) is ErrorKind.LIMIT_EXCEEDED
    assert time.perf_counter() - start < BOMB_SECONDS


@pytest.mark.parametrize("form", ["gzip", "email-gzip"])
@pytest.mark.parametrize("keep", [0.99, 0.5, 0.1])
def test_truncated_gzip_is_malformed(form: str, keep: float) -> None:
    compressed = reports.gz(reports.aggregate_xml(records=40))
    cut = compressed[: max(int(len(compressed) * keep), 12)]
    data = cut if form == "gzip" else reports.email_message([reports.Attachment(cut)])
    assert _kind(data) is ErrorKind.MALFORMED


def test_gzip_header_alone_is_malformed() -> None:
    assert _kind(reports.gz(reports.aggregate_xml())[:10]) is ErrorKind.MALFORMED


def test_gzip_with_corrupt_deflate_data_is_malformed() -> None:
    data = bytearray(reports.gz(reports.aggregate_xml(records=40)))
    data[len(data) // 2: len(data) // 2 + 16] = b"\xff" * 16
    assert _kind(bytes(data)) in (ErrorKind.MALFORMED, ErrorKind.INVALID_REPORT)


def test_gzip_with_wrong_crc_is_malformed() -> None:
    data = bytearray(reports.gz(reports.aggregate_xml()))
    data[-8] ^= 0xFF
    assert _kind(bytes(data)) is ErrorKind.MALFORMED


def test_truncated_zip_is_malformed() -> None:
    data = reports.zip_of([(f"{reports.REPORT_NAME}.xml", reports.aggregate_xml(records=40))])
    assert _kind(data[: len(data) // 2]) is ErrorKind.MALFORMED


def test_many_tiny_gzip_members_are_read_in_linear_time() -> None:
    empty_member = gzip.compress(b"", mtime=0)
    data = reports.gz(b" ") + empty_member * 100_000  # 2 MB of members that decompress to nothing
    start = time.perf_counter()
    outcome = read_message(data)
    assert time.perf_counter() - start < BOMB_SECONDS
    assert outcome.reports == ()


@pytest.mark.parametrize("members", [Limits().max_zip_members + 1, 5000])
def test_zip_with_more_members_than_allowed(members: int) -> None:
    xml = reports.aggregate_xml()
    data = reports.zip_of([(f"r{n}.xml", xml) for n in range(members)])
    start = time.perf_counter()
    outcome = read_message(data)
    assert time.perf_counter() - start < BOMB_SECONDS
    assert len(outcome.reports) <= Limits().max_zip_members
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def test_zip_member_limit_is_configurable() -> None:
    xml = reports.aggregate_xml()
    three = reports.zip_of([(f"r{n}.xml", xml) for n in range(3)])
    four = reports.zip_of([(f"r{n}.xml", xml) for n in range(4)])
    assert len(read_message(three, Limits(max_zip_members=3)).require()) == 3
    outcome = read_message(four, Limits(max_zip_members=3))
    assert len(outcome.reports) <= 3
    assert ErrorKind.LIMIT_EXCEEDED in {problem.kind for problem in outcome.problems}


def test_zip_entries_sharing_one_compressed_body(tmp_path: Path) -> None:
    """Overlapping entries (every central-directory entry points at the same local file): 60 x 64 MiB."""
    stream = bombs.xml_bomb_stream(64 * bombs.MiB)
    single = bombs.zip64_bytes("bomb.xml", stream)
    local_len = single.index(b"PK\x01\x02")
    central = single[local_len: single.index(b"PK\x05\x06")]
    count = 60
    end = bombs.struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central) * count, local_len, 0)
    path = tmp_path / "overlap.zip"
    path.write_bytes(single[:local_len] + central * count + end)
    result = probe(path)
    assert result.raised is None, describe(result)
    assert result.reports == 0 and result.kinds, describe(result)
    assert result.seconds < BOMB_SECONDS and result.rss_delta_mb < MAX_RSS_MB, describe(result)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [1, 3, 64, 4096, 100_000])
def test_random_bytes_are_refused(seed: int, size: int) -> None:
    data = random.Random(seed * 1_000_003 + size).randbytes(size)
    if not data.strip(b" \t\r\n\x00"):
        data = b"\x01" + data
    outcome = read_message(data)
    assert outcome.reports == ()
    with pytest.raises(ReportError):
        outcome.require()


@pytest.mark.parametrize("data", [b"", b" ", b"\r\n\t  \r\n", b"\x00" * 100])
def test_empty_input(data: bytes) -> None:
    assert _kind(data) is ErrorKind.EMPTY


@pytest.mark.parametrize("data", [reports.gz(b""), reports.zip_of([])], ids=["empty-gzip", "empty-zip"])
def test_empty_container(data: bytes) -> None:
    assert _kind(data) is ErrorKind.EMPTY


def test_deep_json_is_not_a_recursion_error() -> None:
    for data in (b"[" * 200_000, b'{"a":' * 200_000, reports.gz(b"[" * 200_000)):
        outcome = read_message(data)
        assert outcome.reports == ()
        with pytest.raises(ReportError):
            outcome.require()
