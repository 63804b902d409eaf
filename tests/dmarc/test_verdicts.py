"""A record whose policy_evaluated lacks the DKIM or SPF verdict gets it computed from auth_results, header_from
and adkim/aspf, with a warning; with no auth_results at all its DMARC result is unknown (None)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from chalicelib.dmarc import read_message
from chalicelib.dmarc.alignment import aligned, organizational_domain
from tests.dmarc.builders import report

SPF_PASS = "<spf><domain>{d}</domain><scope>{scope}</scope><result>pass</result></spf>"
DKIM_PASS = "<dkim><domain>{d}</domain><selector>s1</selector><result>pass</result></dkim>"


def _record(evaluated: str, auth: str, header_from: str = "example.com") -> str:
    return (f"<record><row><source_ip>192.0.2.1</source_ip><count>4</count><policy_evaluated>"
            f"<disposition>none</disposition>{evaluated}</policy_evaluated></row>"
            f"<identifiers><header_from>{header_from}</header_from></identifiers>"
            f"<auth_results>{auth}</auth_results></record>")


def _one(record: str, adkim: str = "r", aspf: str = "r"):  # type: ignore[no-untyped-def]
    data = report(record).replace(b"<adkim>r</adkim><aspf>r</aspf>",
                                  f"<adkim>{adkim}</adkim><aspf>{aspf}</aspf>".encode())
    (r,) = read_message(data).reports
    return r, r.records[0]


@pytest.mark.parametrize(("aspf", "spf_domain", "expected"), [
    ("r", "bounce.example.com", True), ("s", "bounce.example.com", False), ("s", "example.com", True),
    ("r", "example.net", False),
])
def test_missing_spf_verdict_is_computed_with_aspf(aspf: str, spf_domain: str, expected: bool) -> None:
    r, rec = _one(_record("<dkim>fail</dkim>", SPF_PASS.format(d=spf_domain, scope="mfrom")), aspf=aspf)
    assert rec.spf_aligned is expected and rec.dkim_aligned is False
    assert rec.dmarc_pass is expected
    assert any("lacks the spf verdict; computed from auth_results" in w for w in r.warnings)


@pytest.mark.parametrize(("adkim", "dkim_domain", "expected"), [
    ("r", "mail.example.com", True), ("s", "mail.example.com", False), ("s", "example.com", True),
])
def test_missing_dkim_verdict_is_computed_with_adkim(adkim: str, dkim_domain: str, expected: bool) -> None:
    r, rec = _one(_record("<spf>fail</spf>", DKIM_PASS.format(d=dkim_domain)), adkim=adkim)
    assert rec.dkim_aligned is expected and rec.spf_aligned is False
    assert any("lacks the dkim verdict" in w for w in r.warnings)


def test_spf_pass_for_helo_only_does_not_align() -> None:
    _, rec = _one(_record("<dkim>fail</dkim>", SPF_PASS.format(d="example.com", scope="helo")))
    assert rec.spf_aligned is False


def test_an_empty_verdict_element_counts_as_missing() -> None:
    _, rec = _one(_record("<dkim>pass</dkim><spf></spf>", SPF_PASS.format(d="example.com", scope="mfrom")))
    assert rec.spf_aligned is True and rec.dkim_aligned is True


def test_the_reporters_verdict_is_kept_when_present() -> None:
    r, rec = _one(_record("<dkim>fail</dkim><spf>fail</spf>", SPF_PASS.format(d="example.com", scope="mfrom")))
    assert rec.spf_aligned is False and not any("verdict" in w for w in r.warnings)


def test_no_verdicts_and_no_auth_results_is_unknown() -> None:
    r, rec = _one(_record("", ""))
    assert rec.dkim_aligned is None and rec.spf_aligned is None and rec.dmarc_pass is None
    assert not rec.dkim_pass and not rec.spf_pass
    assert any("counted as unknown" in w for w in r.warnings)


def test_a_known_pass_is_a_pass_even_with_the_other_verdict_unknown() -> None:
    _, rec = _one(_record("<dkim>pass</dkim>", ""))
    assert rec.spf_aligned is None and rec.dmarc_pass is True


@pytest.mark.parametrize(("domain", "org"), [
    ("example.com", "example.com"), ("a.b.example.com", "example.com"), ("mail.example.co.uk", "example.co.uk"),
    ("www.example.co.jp", "example.co.jp"), ("example.co.jp", "example.co.jp"), ("co.uk", "co.uk"),
    ("x.example.de", "example.de"), ("localhost", "localhost"),
])
def test_organizational_domain(domain: str, org: str) -> None:
    assert organizational_domain(domain) == org


def test_alignment_modes() -> None:
    assert aligned("a.example.co.uk", "b.example.co.uk", "r")
    assert not aligned("a.example.co.uk", "other.co.uk", "r")
    assert not aligned("a.example.com", "example.com", "s")
    assert aligned("example.com", "example.com", "s")
    assert not aligned(None, "example.com", "r")


def test_corpus_aol_report_without_its_spf_verdict_computes_the_reporters_one(corpus_dir: Path) -> None:
    """The AOL report of the shared corpus (read in place), with <spf> cut out of policy_evaluated in memory as
    AOL's old zip reports send it: the computed verdicts equal the ones AOL gave."""
    data = (corpus_dir / "dmarc-report-viewer__aol.xml").read_bytes()
    (given,) = read_message(data).reports
    cut = re.sub(rb"(<policy_evaluated>.*?)\s*<spf>[^<]*</spf>", rb"\1", data, flags=re.S)
    assert cut != data
    (computed,) = read_message(cut).reports
    assert [r.spf_aligned for r in computed.records] == [r.spf_aligned for r in given.records]
    assert [r.dmarc_pass for r in computed.records] == [r.dmarc_pass for r in given.records]
    assert any("lacks the spf verdict" in w for w in computed.warnings)
