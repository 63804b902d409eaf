"""Every file of the shared real-world corpus against its MANIFEST.tsv row (read in place, never copied)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chalicelib.dmarc import ErrorKind
from chalicelib.dmarc.reader import read_path
from tests.conftest import CORPUS


def _rows() -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = _rows()
pytestmark = pytest.mark.skipif(not ROWS, reason=f"shared corpus not found at {CORPUS}: corpus tests skipped")


def _dropped(report) -> int:
    return sum(_times(w) for w in report.warnings if w.startswith("record dropped"))


def _times(warning: str) -> int:
    if warning.endswith(")") and " (x" in warning:
        return int(warning.rsplit(" (x", 1)[1][:-1])
    return 1


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_corpus_file_matches_manifest(row: dict[str, str], corpus_dir: Path) -> None:
    outcome = read_path(corpus_dir / row["file"])
    kind = row["report_kind"]
    if kind == "aggregate":
        assert outcome.reports, outcome.problems
        records = sum(len(r.records) for r in outcome.reports)
        dropped = sum(_dropped(r) for r in outcome.reports)
        assert sum(r.message_count for r in outcome.reports) == int(row["message_count"])
        assert records + dropped == int(row["record_count"])
        if len(outcome.reports) == 1:
            report = outcome.reports[0]
            assert report.policy.domain == row["policy_domain"].lower().rstrip(".")
            if row["reporter_org"]:
                assert report.metadata.org_name == row["reporter_org"]
            else:  # an empty org_name is named after the reporter's e-mail domain, with a warning
                assert report.metadata.org_name and any("org_name" in w for w in report.warnings)
    elif kind == "forensic":
        assert not outcome.reports
        assert outcome.main_problem().kind is ErrorKind.FAILURE_REPORT
    elif kind == "smtp_tls":  # record_count: policies; message_count: sessions (successful + failed)
        assert not outcome.reports and not outcome.problems and len(outcome.tls) == 1
        report = outcome.tls[0]
        assert report.policy_domains == (row["policy_domain"],)
        assert report.org_name == row["reporter_org"]
        assert len(report.policies) == int(row["record_count"])
        assert report.sessions_success + report.sessions_failure == int(row["message_count"])
        details = int(row["quirks"].split("policies, ")[1].split(" failure-details")[0])
        assert sum(len(p.failures) for p in report.policies) == details
    else:
        assert kind == "invalid", kind
        if outcome.reports:
            assert all(r.warnings for r in outcome.reports), "a recovered invalid file must carry warnings"
        else:
            problem = outcome.main_problem()
            assert problem.kind in set(ErrorKind) and len(problem.message) > 10


def test_corpus_covers_every_kind() -> None:
    kinds = {r["report_kind"] for r in ROWS}
    assert kinds >= {"aggregate", "forensic", "smtp_tls", "invalid"}
