"""The simulation of each report's published policy against the dispositions the reporters gave: on the demo data
and on the shared corpus (read in place, skipped when absent). Differences the reporter explained with an override
reason are counted apart. The figures are printed (pytest -s)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from chalicelib.adapters.dns import ZoneResolver
from chalicelib.analysis.agreement import Agreement, agreement
from chalicelib.analysis.daily import report_facts
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.simulate import DOMAIN, EveryNameExists, Proposal, Zone, judge
from chalicelib.dmarc.model import AggregateReport
from chalicelib.dmarc.reader import read_message, read_path
from chalicelib.services.simulation import ResolverZone
from local.demo import demo_messages

CORPUS = Path(os.environ.get("ALIGNED_CORPUS", "/work/shared/corpus/real"))
DNS = Path(__file__).parents[2] / "local" / "demo" / "dns"


def _by_policy(reports: Iterable[AggregateReport]) -> Iterator[tuple[Proposal, str, list[Fact]]]:
    for report in reports:
        yield Proposal.of(report.policy), report.domain, report_facts(report)


def _print(title: str, a: Agreement) -> None:
    print(f"\n{title}: {a.messages} messages; agree {a.agree}, differ with a declared override {a.overridden}, "
          f"differ unexplained {a.differ}, unknown {a.unknown}: {a.agree_pct}% agree or explained")
    for simulated, reported, n in a.pairs[:8]:
        print(f"  simulated {simulated:<10} reported {reported:<10} {n:>8}")


def _verdicts(reports: list[AggregateReport]) -> tuple[int, int]:
    """(messages whose recomputed DMARC pass/fail equals the reporter's policy_evaluated, messages compared)."""
    same = total = 0
    for proposal, _, facts in _by_policy(reports):
        for f in facts:
            if not f.unknown:
                total += f.count
                same += f.count if judge(f, proposal, DOMAIN).dmarc_pass == f.dmarc_pass else 0
    return same, total


def _agreement(reports: list[AggregateReport], zone: Zone) -> Agreement:
    return agreement(_by_policy(reports), zone)


def test_demo_published_policy_matches_the_dispositions() -> None:
    reports = [r for _, raw in demo_messages(date(2026, 6, 1)) for r in read_message(raw).reports]
    zone = ResolverZone(ZoneResolver.from_files(sorted(DNS.glob("*.json"))))
    a = _agreement(reports, zone)
    _print(f"demo ({len(reports)} reports)", a)
    same, total = _verdicts(reports)
    print(f"demo: recomputed DMARC pass/fail equals the reported one for {same} of {total} messages")
    assert a.messages > 0 and a.differ == 0 and a.agree_pct == 100.0 and same == total


def test_corpus_published_policy_against_the_dispositions() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    reports = []
    for path in sorted(CORPUS.iterdir()):
        if path.name.startswith(".") or path.suffix == ".tsv" or not path.is_file():
            continue
        reports += read_path(path).reports
    a = _agreement(reports, EveryNameExists())  # offline: every subdomain exists (sp, not np)
    _print(f"corpus ({len(reports)} reports, offline)", a)
    enforced = [r for r in reports if (r.policy.p or "none") != "none"]
    _print(f"corpus, reports with p=quarantine/reject ({len(enforced)})", _agreement(enforced, EveryNameExists()))
    same, total = _verdicts(reports)
    print(f"corpus: recomputed DMARC pass/fail equals the reported one for {same} of {total} messages")
    assert a.messages > 0 and a.agree_pct > 80 and same > 0.9 * total
