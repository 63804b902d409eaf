"""The suite's own fixtures are what they claim: the builder makes reports the parser reads, and the bombs are
valid gzip / zip files (checked on small copies built by the same code)."""
from __future__ import annotations

import gzip
import io
import zipfile
import zlib

import hostile_bombs as bombs
import hostile_reports as reports
import pytest

from chalicelib.dmarc import AggregateReport, read_message


@pytest.mark.parametrize("form", ["xml", "gzip", "zip", "email-gzip", "email-zip"])
def test_builder_report_is_read_in_every_form(form: str) -> None:
    data = reports.forms(reports.aggregate_xml(records=3))[form]
    found = read_message(data).require()
    assert len(found) == 1
    report = found[0]
    assert isinstance(report, AggregateReport)
    assert report.metadata.org_name == "Hostile Test Receiver"
    assert report.metadata.report_id == "hostile-0001"
    assert report.policy.domain == "example.com"
    assert len(report.records) == 3
    assert report.message_count == 9


@pytest.mark.parametrize("length", [0, 1, 5, 1000, 123_457])
def test_crc32_combine_matches_zlib(length: int) -> None:
    a, b = b"first part", bytes(range(256)) * (length // 256) + b"x" * (length % 256)
    assert bombs.crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_small_bomb_is_a_valid_gzip_and_zip() -> None:
    stream = bombs.xml_bomb_stream(5 * bombs.MiB)
    content = bombs.XML_PREFIX + b" " * (5 * bombs.MiB) + bombs.XML_SUFFIX
    assert stream.size == len(content)
    assert gzip.decompress(bombs.gzip_bytes(stream)) == content  # checks CRC and size
    with zipfile.ZipFile(io.BytesIO(bombs.zip64_bytes("bomb.xml", stream))) as archive:
        assert archive.testzip() is None
        assert archive.read("bomb.xml") == content


def test_big_bomb_is_small_and_claims_four_gib(gzip_bomb, zip_bomb) -> None:  # type: ignore[no-untyped-def]
    for path in (gzip_bomb, zip_bomb):
        assert path.stat().st_size < 8 * bombs.MiB
    with zipfile.ZipFile(zip_bomb) as archive:
        (member,) = archive.infolist()
        assert member.file_size >= 4 * bombs.GiB
        with archive.open(member) as stream:
            assert stream.read(len(bombs.XML_PREFIX)) == bombs.XML_PREFIX
    with gzip.open(gzip_bomb) as stream:
        assert stream.read(len(bombs.XML_PREFIX) + 10) == bombs.XML_PREFIX + b" " * 10
