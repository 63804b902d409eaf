"""The share of messages whose sender is named (a service or own infrastructure), on the shared corpus (read in
place, skipped when absent) and the demo senders (with the demo's reverse names, local/demo/dns/ptr.json), and the
top unnamed evidence: what the catalogue still lacks. Printed (pytest -s) and kept above a floor."""
from __future__ import annotations

import os
from collections import Counter
from ipaddress import ip_address
from pathlib import Path

import pytest

from chalicelib.adapters.dns import ZoneResolver
from chalicelib.dmarc.model import DkimAuth, Record, SpfAuth
from chalicelib.senders import identify, load_catalogue
from chalicelib.services.senders import ReverseNames
from local.demo.senders import DEMO_DOMAIN, SENDERS

CORPUS = Path(os.environ.get("ALIGNED_CORPUS", "/work/shared/corpus/real"))
DNS = Path(__file__).parents[2] / "local" / "demo" / "dns"


def _share(pairs: list[tuple[Record, str, str]]) -> tuple[float, list[tuple[str, int]]]:
    catalogue = load_catalogue()
    named = total = 0
    unnamed: Counter[str] = Counter()
    for record, domain, ptr in pairs:
        found = identify(record, domain, ptr, catalogue)
        total += record.count
        if found.service:
            named += record.count
        else:
            key = " ".join(e for e in found.evidence if not e.endswith((" fail", " none", " softfail"))) or "(none)"
            unnamed[key] += record.count
    return (100.0 * named / total if total else 0.0), unnamed.most_common(10)


def _report(title: str, share: float, top: list[tuple[str, int]]) -> None:
    print(f"\n{title}: {share:.1f}% of messages named (service or own); top unnamed evidence:")
    for evidence, count in top:
        print(f"  {count:>8}  {evidence}")


def test_demo_named_share() -> None:
    resolver = ZoneResolver.from_files(sorted(DNS.glob("*.json")))
    names = ReverseNames(resolver).names(ip for s in SENDERS for ip in s.ips)
    pairs = []
    for s in SENDERS:
        for ip in s.ips:
            record = Record(ip_address(ip), s.weekday, "none", s.dkim_aligned, s.spf_aligned, s.header_from,
                            s.envelope_from, dkim=tuple(DkimAuth(d.domain, d.selector, d.result) for d in s.dkim),
                            spf=(SpfAuth(s.envelope_from, "mfrom", s.spf_result),))
            pairs.append((record, DEMO_DOMAIN, names[ip]))
    assert names["192.0.2.4"].endswith(".amazonses.com") and names["192.0.2.99"] == ""  # not forward-confirmed
    share, top = _share(pairs)
    _report("demo", share, top)
    assert share > 25  # the newsletter (mailblast.example, the largest volume) is a fictional service


def test_corpus_named_share() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    from chalicelib.dmarc.reader import read_path

    pairs = []
    for path in sorted(CORPUS.iterdir()):
        if path.name.startswith(".") or path.name == "MANIFEST.tsv" or not path.is_file():
            continue
        for report in read_path(path).reports:
            pairs += [(r, r.header_from or report.domain, "") for r in report.records]
    share, top = _share(pairs)
    _report(f"corpus ({len(pairs)} records, offline: no reverse names)", share, top)
    assert share > 50
