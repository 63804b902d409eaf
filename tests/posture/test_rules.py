"""Each DNS posture rule on hand-written zones (ZoneResolver: no network)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.https import ZoneFetcher
from chalicelib.ports.dns import DnsError
from chalicelib.posture.check import check_domain
from chalicelib.posture.dkim import check_dkim
from chalicelib.posture.dmarc import check_dmarc
from chalicelib.posture.inbound import check_bimi, check_mta_sts, check_tls_rpt
from chalicelib.posture.lookup import Lookup
from chalicelib.posture.model import Severity
from chalicelib.posture.spf import check_spf
from chalicelib.posture.texts import TEXTS, render
from tests.posture.keys import ED25519, RSA_512, RSA_1024, RSA_2048

D = "example.com"
RUA = "rua@reports.aligned.example"
GOOD_DMARC = f"v=DMARC1; p=reject; rua=mailto:{RUA}"
AUTH = {f"{D}._report._dmarc.reports.aligned.example": {"TXT": ["v=DMARC1"]}}


def lookup(zone: dict[str, Any]) -> Lookup:
    return Lookup(ZoneResolver(zone))


def codes(findings: Any) -> list[str]:
    return [f.code for f in findings]


def dmarc(*records: str, extra: dict[str, Any] | None = None) -> list[str]:
    zone = {f"_dmarc.{D}": {"TXT": list(records)}, **AUTH, **(extra or {})}
    return codes(check_dmarc(lookup(zone), D, RUA).findings)


# --- DMARC ---------------------------------------------------------------------------------------------------
def test_dmarc_good_record_has_no_findings() -> None:
    assert dmarc(GOOD_DMARC, "unrelated text") == []


def test_dmarc_missing_and_multiple() -> None:
    assert codes(check_dmarc(lookup({}), D, RUA).findings) == ["dmarc_missing"]
    assert dmarc(GOOD_DMARC, "v=DMARC1; p=none") == ["dmarc_multiple"]


def test_dmarc_validity_unknown_tags_ignored_obsolete_flagged() -> None:
    assert dmarc(f"v=DMARC1; p=reject; foo=bar; rua=mailto:{RUA}") == []
    assert dmarc(f"v=DMARC1; p=reject; pct=50; ri=3600; rua=mailto:{RUA}") == ["dmarc_obsolete_tag"] * 2
    assert dmarc(f"v=DMARC1; p=block; rua=mailto:{RUA}") == ["dmarc_bad_value"]
    assert dmarc(f"v=DMARC1; p=reject; adkim=x; rua=mailto:{RUA}") == ["dmarc_bad_value"]
    assert dmarc("v=DMARC1; p=reject; p=none") == ["dmarc_syntax"]
    assert dmarc(f"v=DMARC1; rua=mailto:{RUA}") == ["dmarc_no_policy"]
    assert dmarc(f"v=DMARC1; p=none; rua=mailto:{RUA}") == ["dmarc_policy_none"]
    assert dmarc(f"v=DMARC1; p=quarantine; t=y; rua=mailto:{RUA}") == ["dmarc_testing"]


def test_dmarc_rua_must_include_aligned_and_be_authorised() -> None:
    assert dmarc("v=DMARC1; p=reject; rua=mailto:dmarc@example.com") == ["dmarc_rua_without_aligned"]
    assert dmarc(f"v=DMARC1; p=reject; rua=mailto:{RUA},https://x.example/") == ["dmarc_bad_rua"]
    unauthorised = f"v=DMARC1; p=reject; rua=mailto:{RUA},mailto:d@vendor.example"
    found = check_dmarc(lookup({f"_dmarc.{D}": {"TXT": [unauthorised]}, **AUTH}), D, RUA).findings
    assert codes(found) == ["dmarc_rua_unauthorised"] and found[0].record == f"{D}._report._dmarc.vendor.example"
    assert dmarc(unauthorised, extra={f"{D}._report._dmarc.vendor.example": {"TXT": ["v=DMARC1;"]}}) == []
    assert codes(check_dmarc(lookup({f"_dmarc.{D}": {"TXT": [GOOD_DMARC]}}), D, RUA).findings) == [
        "dmarc_rua_unauthorised"]  # Aligned's own address needs the authorisation too


# --- SPF -----------------------------------------------------------------------------------------------------
def spf(zone: dict[str, Any]) -> list[str]:
    return sorted(codes(check_spf(lookup(zone), D)))


def test_spf_good_missing_multiple_and_all_qualifiers() -> None:
    assert spf({D: {"TXT": ["v=spf1 ip4:192.0.2.0/24 -all"]}}) == []
    assert spf({D: {"TXT": ["v=spf1 ip6:2001:db8::/32 ~all"]}}) == []
    assert spf({D: {"TXT": ["google-site-verification=x"]}}) == ["spf_missing"]
    assert spf({D: {"TXT": ["v=spf1 -all", "v=spf1 ~all"]}}) == ["spf_multiple"]
    assert spf({D: {"TXT": ["v=spf1 +all"]}}) == ["spf_pass_all"]
    assert spf({D: {"TXT": ["v=spf1 all"]}}) == ["spf_pass_all"]
    assert spf({D: {"TXT": ["v=spf1 ?all"]}}) == ["spf_neutral_all"]
    assert spf({D: {"TXT": ["v=spf1 ip4:192.0.2.1"]}}) == ["spf_no_all"]


def test_spf_all_at_the_end_of_a_redirect_chain() -> None:
    zone = {D: {"TXT": ["v=spf1 redirect=_spf.example.net"]}, "_spf.example.net": {"TXT": ["v=spf1 ?all"]}}
    assert spf(zone) == ["spf_neutral_all"]


def test_spf_syntax() -> None:
    assert spf({D: {"TXT": ["v=spf1 ip4:300.1.1.1 -all"]}}) == ["spf_syntax"]
    assert spf({D: {"TXT": ["v=spf1 ip4:2001:db8::1 -all"]}}) == ["spf_syntax"]
    assert spf({D: {"TXT": ["v=spf1 frobnicate -all"]}}) == ["spf_syntax"]
    assert spf({D: {"TXT": ["v=spf1 ptr -all"], }}) == ["spf_ptr"]


def test_a_12_lookup_spf_chain_is_over_the_limit() -> None:
    zone: dict[str, Any] = {D: {"TXT": ["v=spf1 include:s1.example.net include:s2.example.net -all"]}}
    for n in (1, 2):  # each include costs 1 and holds 5 more: 2 + 2 * 5 = 12 lookups
        zone[f"s{n}.example.net"] = {"TXT": [f"v=spf1 a mx include:t{n}.example.net a:h{n}.example.net "
                                             f"exists:e{n}.example.net ~all"]}
        zone[f"t{n}.example.net"] = {"TXT": ["v=spf1 ip4:198.51.100.0/24 ~all"]}
        for host in (f"s{n}.example.net", f"h{n}.example.net", f"e{n}.example.net"):
            zone[host] = {**zone.get(host, {}), "A": ["198.51.100.1"], "MX": [[10, "mx.example.net"]]}
    found = check_spf(lookup(zone), D)
    assert codes(found) == ["spf_too_many_lookups"]
    assert found[0].param("count") == "12" and found[0].severity is Severity.HIGH
    zone[D] = {"TXT": ["v=spf1 include:s1.example.net -all"]}  # 1 + 5 = 6: fine
    assert spf(zone) == []


def test_spf_include_loops_are_found_and_the_walk_ends() -> None:
    zone = {D: {"TXT": ["v=spf1 include:a.example.net -all"]},
            "a.example.net": {"TXT": ["v=spf1 include:b.example.net ~all"]},
            "b.example.net": {"TXT": ["v=spf1 include:a.example.net ~all"]}}
    found = check_spf(lookup(zone), D)
    assert codes(found) == ["spf_loop"] and found[0].param("target") == "a.example.net"
    assert codes(check_spf(lookup({D: {"TXT": [f"v=spf1 include:{D} -all"]}}), D)) == ["spf_loop"]


def test_spf_void_lookups_and_missing_includes() -> None:
    zone = {D: {"TXT": ["v=spf1 a:gone1.example.net mx:gone2.example.net exists:gone3.example.net -all"]}}
    found = check_spf(lookup(zone), D)
    assert codes(found) == ["spf_void_lookups"] and found[0].param("count") == "3"
    assert spf({D: {"TXT": ["v=spf1 a:gone1.example.net mx:gone2.example.net -all"]}}) == []  # 2 voids: allowed
    assert spf({D: {"TXT": ["v=spf1 include:nospf.example.net -all"]},
                "nospf.example.net": {"TXT": ["hello"]}}) == ["spf_include_missing"]


# --- DKIM ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("record", "expected"), [
    (f"v=DKIM1; k=rsa; p={RSA_2048}", []),
    (f"v=DKIM1; p={RSA_1024[:40]} {RSA_1024[40:]}", ["dkim_short_key"]),  # split strings joined, spaces ignored
    (f"v=DKIM1; k=rsa; p={RSA_512}", ["dkim_weak_key"]),
    (f"v=DKIM1; k=ed25519; p={ED25519}", []),
    ("v=DKIM1; k=rsa; p=", ["dkim_revoked"]),
    ("v=DKIM1; k=rsa; p=!!notbase64", ["dkim_syntax"]),
    ("v=DKIM1; k=rsa; p=AAAA", ["dkim_syntax"]),
    ("v=DKIM2; p=AAAA", ["dkim_syntax"]),
    (f"v=DKIM1; k=dsa; p={RSA_1024}", ["dkim_unknown_key_type"]),
])
def test_dkim_keys(record: str, expected: list[str]) -> None:
    zone = {f"s1._domainkey.{D}": {"TXT": [record]}}
    assert codes(check_dkim(lookup(zone), [(D, "s1")])) == expected


def test_dkim_missing_selector_and_bits_param() -> None:
    found = check_dkim(lookup({f"s2._domainkey.{D}": {"TXT": [f"p={RSA_512}"]}}), [(D, "s1"), (D, "s2")])
    assert codes(found) == ["dkim_missing", "dkim_weak_key"] and found[1].param("bits") == "512"


# --- MTA-STS, TLS-RPT, BIMI ----------------------------------------------------------------------------------
POLICY = "version: STSv1\nmode: enforce\nmx: *.mail.example.com\nmax_age: 604800\n"
STS_ZONE = {f"_mta-sts.{D}": {"TXT": ["v=STSv1; id=20260301"]}, D: {"MX": [[10, "mx1.mail.example.com"]]}}
URL = f"https://mta-sts.{D}/.well-known/mta-sts.txt"


def sts(policy: str | None, zone: dict[str, Any] = STS_ZONE) -> list[str]:
    fetcher = ZoneFetcher({URL: policy} if policy is not None else {})
    return codes(check_mta_sts(lookup(zone), fetcher, D))


def test_mta_sts() -> None:
    assert sts(POLICY) == []
    assert sts(POLICY.replace("enforce", "testing")) == ["mta_sts_testing"]
    assert sts(None) == ["mta_sts_policy_unavailable"]
    assert sts("x" * 70_000) == ["mta_sts_policy_unavailable"]  # over the 64 KB limit
    assert sts(POLICY.replace("STSv1", "STSv2")) == ["mta_sts_policy_invalid"]
    assert sts(POLICY.replace("604800", "99999999")) == ["mta_sts_policy_invalid"]
    assert sts(POLICY, {**STS_ZONE, D: {"MX": [[10, "mx1.mail.example.com"], [20, "backup.other.example"]]}}) == [
        "mta_sts_mx_mismatch"]
    assert sts(POLICY, {}) == ["mta_sts_missing"]
    assert sts(POLICY, {f"_mta-sts.{D}": {"TXT": ["v=STSv1; id=no-dashes-allowed"]}}) == ["mta_sts_syntax"]


def test_tls_rpt() -> None:
    def tlsrpt(*records: str, has_sts: bool = False) -> list[Any]:
        return list(check_tls_rpt(lookup({f"_smtp._tls.{D}": {"TXT": list(records)}}), D, has_sts))
    assert tlsrpt("v=TLSRPTv1; rua=mailto:tls@example.com") == []
    assert codes(tlsrpt("v=TLSRPTv1; rua=ftp://x")) == ["tls_rpt_syntax"]
    assert codes(tlsrpt("v=TLSRPTv1; rua=mailto:a@x", "v=TLSRPTv1; rua=mailto:b@x")) == ["tls_rpt_multiple"]
    assert tlsrpt(has_sts=True)[0].severity is Severity.MEDIUM and tlsrpt()[0].severity is Severity.LOW


def test_bimi() -> None:
    def bimi(record: str, policy: str = "reject") -> list[str]:
        return codes(check_bimi(lookup({f"default._bimi.{D}": {"TXT": [record]}}), D, policy))
    assert bimi("v=BIMI1; l=https://example.com/logo.svg; a=") == []
    assert bimi("v=BIMI1; l=http://example.com/logo.svg") == ["bimi_syntax"]
    assert bimi("v=BIMI1; l=https://example.com/logo.png") == ["bimi_syntax"]
    assert bimi("v=BIMI1; l=https://example.com/logo.svg", "none") == ["bimi_needs_enforcement"]
    assert codes(check_bimi(lookup({}), D, "reject")) == ["bimi_missing"]


# --- the whole check -----------------------------------------------------------------------------------------
class Unanswering(ZoneResolver):
    def txt(self, name: str) -> tuple[str, ...] | None:
        if name.startswith("_dmarc."):
            raise DnsError("TXT timeout")
        return super().txt(name)


def test_a_check_orders_findings_keeps_records_and_survives_dns_errors() -> None:
    zone = {D: {"TXT": ["v=spf1 +all"], "MX": [[10, "mx.example.com"]]}}
    result = check_domain(Unanswering(zone), ZoneFetcher({}), D, RUA, [(D, "s1")], datetime(2026, 3, 1, tzinfo=UTC))
    assert result.findings[0].code == "spf_pass_all" and result.worst is Severity.CRITICAL
    assert "dns_unanswered" in codes(result.findings) and "dkim_missing" in codes(result.findings)
    names = {r.name for r in result.records}
    assert {D, f"s1._domainkey.{D}", f"_mta-sts.{D}", f"_smtp._tls.{D}"} <= names


def test_every_code_has_texts_in_both_languages() -> None:
    from chalicelib.posture.model import Finding

    for code in TEXTS:
        texts = render(Finding("x", code, Severity.LOW, "name.example", (("count", "3"),)))
        assert all(texts[lang][part] for lang in ("en", "ja") for part in ("title", "fix"))
