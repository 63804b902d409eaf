"""The reporter map: a sourced data file read by a small pure reader."""
from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.provenance import ReporterMapError, load_reporters

BRIEF = ["google.com", "Mail.Ru", "Microsoft Corporation", "Yahoo", "KDDI", "Outlook.com", "Zoho", "Fastmail",
         "GMX", "web.de", "Mimecast"]


def test_packaged_map_covers_the_common_reporters_with_sources() -> None:
    reporters = load_reporters()
    for org in BRIEF:
        assert reporters.domains_for(org), org
    assert reporters.domains_for("microsoft corporation") == {"microsoft.com", "protection.outlook.com"}
    assert reporters.domains_for("Unknown Reporter") is None
    assert all(r.sources for r in reporters.reporters)
    listed = {d for r in reporters.reporters for d in r.from_domains}
    assert not {"gmail.com", "outlook.com", "yahoo.com", "mail.ru", "gmx.net", "web.de"} & listed


def test_sources_name_existing_corpus_files(corpus_dir: Path) -> None:
    for reporter in load_reporters().reporters:
        for source in reporter.sources:
            if source.startswith("corpus: "):
                assert (corpus_dir / source[8:].split(" (")[0]).is_file(), source


@pytest.mark.parametrize("text", [
    "reporter = 3",
    "[[reporter]]\nname = 'x'\norg_names = ['x']\nfrom_domains = ['not a domain']\nsources = ['s']",
    "[[reporter]]\nname = 'x'\norg_names = ['x']\nfrom_domains = ['x.example']\nsources = []",
    "[[reporter]]\norg_names = ['x']",
    "not toml [",
])
def test_malformed_files_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "map.toml"
    path.write_text(text)
    with pytest.raises(ReporterMapError):
        load_reporters(path)
