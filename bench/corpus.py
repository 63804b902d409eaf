"""The inputs: the shared corpus's aggregate reports (read in place) and the generated large report."""
from __future__ import annotations

import csv
import os
from pathlib import Path

from bench.generate import VERSION, write_report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = Path(os.environ.get("ALIGNED_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))


def corpus_files(corpus: Path = CORPUS) -> tuple[list[Path], int]:
    """The aggregate reports listed in MANIFEST.tsv and the records it says they hold; ([], 0) when absent."""
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.is_file():
        return [], 0
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["report_kind"] == "aggregate"]
    files = [corpus / row["file"] for row in rows if (corpus / row["file"]).is_file()]
    expected = sum(int(row["record_count"] or 0) for row in rows if (corpus / row["file"]).is_file())
    return files, expected


def generated_report(records: int, seed: int = 7489) -> Path:
    """The generated report, written once per (size, seed, generator version) and reused."""
    path = OUT / f"generated-{records}-s{seed}-v{VERSION}.xml"
    if not path.is_file():
        partial = path.with_suffix(".partial")
        write_report(partial, records, seed)
        partial.replace(path)
    return path
