"""Schema variants and normalisation, each checked on a report written for the test."""
from __future__ import annotations

from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv6Address

import pytest

from chalicelib.dmarc import ErrorKind, read_message
from tests.dmarc.builders import record, report

NS2 = ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"'


def one(data: bytes):
    outcome = read_message(data)
    assert len(outcome.reports) == 1, outcome.problems
    return outcome.reports[0]


def test_rfc7489_values_are_normalised() -> None:
    r = one(report(record(ip=" 2001:DB8::1 ", count=3), version="<version>1.0</version>"))
    assert r.schema == "rfc7489" and r.version == "1.0"
    assert r.metadata.begin == datetime(2023, 11, 15, tzinfo=UTC)
    assert r.metadata.end.tzinfo is UTC
    rec = r.records[0]
    assert rec.source_ip == IPv6Address("2001:db8::1") and rec.count == 3
    assert rec.header_from == "example.com"  # lower-cased, trailing dot removed
    assert rec.envelope_from is None  # absent optional element
    assert rec.dkim_aligned and rec.spf_aligned and rec.dmarc_pass


def test_without_version_is_the_draft_schema_and_stray_namespaces_are_ignored() -> None:
    attrs = (' xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
             ' xmlns:ns1="http://dmarc.org/dmarc-xml/0.1"')
    r = one(report(record(), root_attrs=attrs))
    assert r.schema == "draft" and len(r.records) == 1


def test_rfc9990_namespace_and_new_elements() -> None:
    extra = "<np>reject</np><discovery_method>treewalk</discovery_method><testing>y</testing>"
    reasons = "<reason><type>policy_test_mode</type><comment>t=y</comment></reason>"
    rec = record(reasons=reasons).replace("<disposition>none</disposition>", "<disposition>pass</disposition>")
    rec = rec.replace("</auth_results>", "</auth_results><ext:thing xmlns:ext='urn:x'>ignored</ext:thing>")
    data = report(rec, root_attrs=NS2, extra_policy=extra, version="<version>1.0</version>",
                  metadata_extra="<generator>Stalwart 1.0</generator>")
    data = data.replace(b"<pct>100</pct>", b"")
    r = one(data)
    assert r.schema == "rfc9990"
    assert (r.policy.np, r.policy.testing, r.policy.discovery_method, r.policy.pct) == ("reject", "y", "treewalk", None)
    assert r.metadata.generator == "Stalwart 1.0"
    rec0 = r.records[0]
    assert rec0.disposition == "pass"
    assert rec0.reasons[0].type == "policy_test_mode" and rec0.reasons[0].comment == "t=y"


@pytest.mark.parametrize(("raw", "expected"), [
    ("HardFail", "fail"), ("unknown", "temperror"), ("error", "permerror"), ("SoftFail", "softfail"),
    ("Pass", "pass"), ("policy", "policy"),
])
def test_spf_results_map_onto_the_enumeration(raw: str, expected: str) -> None:
    auth = f"<spf><domain>example.com</domain><scope>mfrom</scope><result>{raw}</result></spf>"
    assert one(report(record(auth=auth))).records[0].spf[0].result == expected


def test_several_auth_results_and_reasons_are_kept_in_order() -> None:
    auth = ("<spf><domain>a.example</domain><scope>helo</scope><result>pass</result></spf>"
            "<dkim><domain>esp.example</domain><selector>x</selector><result>pass</result></dkim>"
            "<dkim><domain>example.com</domain><selector>y</selector><result>fail</result>"
            "<human_result>body hash</human_result></dkim>"
            "<spf><domain>b.example.</domain><scope>scope</scope><result>fail</result></spf>")
    reasons = "<reason><type>forwarded</type></reason><reason><type>local_policy</type><comment>x</comment></reason>"
    r = one(report(record(auth=auth, reasons=reasons, dkim="fail", spf="fail")))
    rec = r.records[0]
    assert [d.domain for d in rec.dkim] == ["esp.example", "example.com"]
    assert rec.dkim[1].human_result == "body hash"
    assert [(s.domain, s.scope) for s in rec.spf] == [("a.example", "helo"), ("b.example", None)]
    assert [x.type for x in rec.reasons] == ["forwarded", "local_policy"]
    assert not rec.dmarc_pass and rec.dkim_pass and rec.spf_pass
    assert any("scope" in w for w in r.warnings)


def test_v4_mapped_v6_becomes_v4() -> None:
    assert one(report(record(ip="::ffff:192.0.2.7"))).records[0].source_ip == IPv4Address("192.0.2.7")


@pytest.mark.parametrize(("ip", "count", "why"), [
    ("192.0.2.1", -1, "negative"), ("192.0.2.1", 2**63, "beyond"), ("not-an-ip", 1, "not an IP"),
    ("192.0.2.1", "many", "not an integer"),
])
def test_invalid_records_are_dropped_with_a_warning(ip: str, count: object, why: str) -> None:
    r = one(report(record(ip=ip, count=count), record(ip="192.0.2.9", count=5)))
    assert [x.count for x in r.records] == [5]
    assert any(why in w and w.startswith("record dropped") for w in r.warnings)


@pytest.mark.parametrize("missing", ["org_name", "report_id", "date_range", "domain"])
def test_a_report_without_usable_metadata_is_an_error(missing: str) -> None:
    data = report(record())
    cut = {"org_name": (b"<org_name>google.com</org_name>", b""),
           "report_id": (b"<report_id>r-1</report_id>", b""),
           "date_range": (b"<date_range><begin>1700006400</begin><end>1700092799</end></date_range>", b""),
           "domain": (b"<domain>example.com</domain>", b"")}[missing]
    data = data.replace(*cut)
    if missing == "org_name":
        data = data.replace(b"<email>noreply@google.com</email>", b"")
    problem = read_message(data).main_problem()
    assert not read_message(data).reports
    assert problem.kind is ErrorKind.INVALID_REPORT


def test_element_order_is_not_relied_on() -> None:
    data = report(record()).replace(
        b"<org_name>google.com</org_name><email>noreply@google.com</email><report_id>r-1</report_id>"
        b"<date_range><begin>1700006400</begin><end>1700092799</end></date_range>",
        b"<date_range><end>1700092799</end><begin>1700006400</begin></date_range><report_id>r-1</report_id>"
        b"<email>noreply@google.com</email><org_name>google.com</org_name>")
    assert one(data).metadata.report_id == "r-1"


@pytest.mark.parametrize("encoding", ["utf-16", "windows-1252"])
def test_bytes_are_parsed_with_their_declared_encoding(encoding: str) -> None:
    text = report(record(), org="Société Générale").decode()
    data = text.replace('encoding="UTF-8"', f'encoding="{encoding}"').encode(encoding)
    assert one(data).metadata.org_name == "Société Générale"


def test_hostile_text_is_kept_verbatim_as_data() -> None:
    r = one(report(record(), org="&lt;script&gt;alert(1)&lt;/script&gt;"))
    assert r.metadata.org_name == "<script>alert(1)</script>"


def test_report_id_in_angle_brackets_is_unwrapped() -> None:
    assert one(report(record(), report_id="&lt;abc@google.com&gt;")).metadata.report_id == "abc@google.com"
