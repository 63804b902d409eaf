"""The benchmark's generated report is a valid aggregate report with exactly the requested records."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from bench.generate import write_report


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(tmp_path_factory.mktemp("bench") / "generated.xml", records=50, seed=1)


def test_generated_report_parses_with_lxml_to_the_requested_records(report: Path) -> None:
    root = etree.parse(str(report)).getroot()
    records = root.findall("record")
    assert root.tag == "feedback"
    assert len(records) == 50
    assert all(r.findtext("row/source_ip") and r.find("auth_results/spf") is not None for r in records)


def test_generation_is_deterministic(tmp_path: Path, report: Path) -> None:
    again = write_report(tmp_path / "again.xml", records=50, seed=1)
    assert again.read_bytes() == report.read_bytes()


def test_our_parser_reads_every_record_and_message(report: Path) -> None:
    dmarc = pytest.importorskip("chalicelib.dmarc")
    root = etree.parse(str(report)).getroot()
    expected_messages = sum(int(record.findtext("row/count") or 0) for record in root.iter("record"))

    (parsed,) = dmarc.read_message(report.read_bytes()).require()

    assert len(parsed.records) == 50
    assert parsed.message_count == expected_messages
    assert {r.source_ip.version for r in parsed.records} == {4, 6}
