"""Identification per catalogue entry (one record per evidence kind), unknown staying unknown, own mail, the
indirect routes from each kind of evidence, and the fix texts (ja/en) of every service."""
from __future__ import annotations

from ipaddress import ip_address

import pytest

from chalicelib.dmarc.model import DkimAuth, PolicyOverride, Record, SpfAuth
from chalicelib.senders import FORWARDED, MAILING_LIST, OWN, identify, load_catalogue, route_of
from chalicelib.senders.fixes import fix_texts

CATALOGUE = load_catalogue()
DOMAIN = "example.co.jp"
REQUIRED = ("amazon-ses", "sendgrid", "mailchimp", "mandrill", "mailgun", "sparkpost", "postmark", "microsoft-365",
            "google-workspace", "zoho", "smtp2go", "fastmail", "salesforce-marketing-cloud", "hubspot", "mailjet",
            "brevo", "google-groups")


def record(ip: str = "192.0.2.1", dkim: tuple[DkimAuth, ...] = (), spf: tuple[SpfAuth, ...] = (),
           reasons: tuple[PolicyOverride, ...] = ()) -> Record:
    return Record(ip_address(ip), 3, "none", False, False, DOMAIN, reasons=reasons, dkim=dkim, spf=spf)


def test_the_catalogue_holds_the_required_services_with_sources() -> None:
    assert set(REQUIRED) <= set(CATALOGUE.by_id)
    assert all(s.sources for s in CATALOGUE.services)


@pytest.mark.parametrize("service", CATALOGUE.services, ids=lambda s: s.id)
def test_each_evidence_kind_names_the_service(service) -> None:  # type: ignore[no-untyped-def]
    for domain in service.dkim_domains:
        found = identify(record(dkim=(DkimAuth(f"x.{domain}", "s1", "pass"),)), DOMAIN, "", CATALOGUE)
        assert (found.service, found.kind) == (service.id, "dkim")
    for domain in service.spf_domains:
        found = identify(record(spf=(SpfAuth(f"bounce.{domain}", "mfrom", "pass"),)), DOMAIN, "", CATALOGUE)
        assert (found.service, found.kind) == (service.id, "spf")
    for suffix in service.ptr_suffixes:
        found = identify(record(), DOMAIN, f"host-1.{suffix}", CATALOGUE)
        assert (found.service, found.kind) == (service.id, "ptr")
    for network in service.ranges:
        found = identify(record(ip=str(network[-1])), DOMAIN, "", CATALOGUE)
        assert (found.service, found.kind) == (service.id, "range")


def test_failed_evidence_names_nothing_and_unknown_stays_unknown_with_its_evidence() -> None:
    failed = record(ip="203.0.113.5", dkim=(DkimAuth("sendgrid.net", "s1", "fail"),),
                    spf=(SpfAuth("mailer.unlisted.example", "mfrom", "pass"),))
    found = identify(failed, DOMAIN, "mx.unlisted.example", CATALOGUE)
    assert found.service is None and found.kind == ""
    assert found.evidence == ("dkim:d=sendgrid.net s=s1 fail", "spf:mailer.unlisted.example (mfrom) pass",
                              "ptr:mx.unlisted.example")


def test_the_strongest_evidence_wins() -> None:
    both = record(dkim=(DkimAuth("sendgrid.net", "s1", "pass"),), spf=(SpfAuth("mcsv.net", "mfrom", "pass"),))
    assert identify(both, DOMAIN, "o1.mailgun.net", CATALOGUE).service == "sendgrid"


def test_own_infrastructure_is_own_unless_a_service_is_named() -> None:
    own = record(dkim=(DkimAuth("mail.example.co.jp", "k1", "pass"),), spf=(SpfAuth(DOMAIN, "mfrom", "pass"),))
    assert identify(own, DOMAIN, "", CATALOGUE).service == OWN
    assert identify(own, DOMAIN, "a1-2.smtp-out.ap-northeast-1.amazonses.com", CATALOGUE).service == "amazon-ses"
    assert identify(record(spf=(SpfAuth("other.co.jp", "mfrom", "pass"),)), DOMAIN, "", CATALOGUE).service is None


@pytest.mark.parametrize(("reasons", "route", "why"), [
    ((PolicyOverride("forwarded"),), FORWARDED, "reason:forwarded"),
    ((PolicyOverride("trusted_forwarder", "x"),), FORWARDED, "reason:trusted_forwarder"),
    ((PolicyOverride("mailing_list", "list.example.org"),), MAILING_LIST, "reason:mailing_list"),
    ((PolicyOverride("local_policy", "arc=pass as.1.google.com"),), FORWARDED, "arc:arc=pass as.1.google.com"),
    ((PolicyOverride("other", "ARC chain validated"),), FORWARDED, "arc:ARC chain validated"),
])
def test_routes_from_override_reasons(reasons, route, why) -> None:  # type: ignore[no-untyped-def]
    r = record(reasons=reasons)
    found = route_of(r, DOMAIN, identify(r, DOMAIN, "", CATALOGUE), CATALOGUE)
    assert (found.route, found.evidence) == (route, why)


def test_routes_from_a_known_service_and_from_spf_of_a_list_after_dkim_broke() -> None:
    forwarder = record(dkim=(DkimAuth("forwardemail.net", "default", "pass"),))
    assert route_of(forwarder, DOMAIN, identify(forwarder, DOMAIN, "", CATALOGUE), CATALOGUE).route == FORWARDED
    broke = record(dkim=(DkimAuth(DOMAIN, "s1", "fail"),), spf=(SpfAuth("googlegroups.com", "mfrom", "pass"),))
    found = route_of(broke, DOMAIN, identify(broke, DOMAIN, "", CATALOGUE), CATALOGUE)
    assert found.route == MAILING_LIST and found.evidence == "service:google-groups"
    direct = record(dkim=(DkimAuth(DOMAIN, "s1", "fail"),), spf=(SpfAuth("sendgrid.net", "mfrom", "pass"),))
    assert route_of(direct, DOMAIN, identify(direct, DOMAIN, "", CATALOGUE), CATALOGUE).route == ""
    assert route_of(record(), DOMAIN, identify(record(), DOMAIN, "", CATALOGUE), CATALOGUE).route == ""


def test_spf_of_a_list_domain_alone_routes_when_the_own_signature_broke() -> None:
    from chalicelib.senders.identify import Identity
    from chalicelib.senders.indirect import route_of as route

    broke = record(dkim=(DkimAuth(DOMAIN, "s1", "fail"),), spf=(SpfAuth("bounce.groups.io", "mfrom", "pass"),))
    found = route(broke, DOMAIN, Identity(None, "", ()), CATALOGUE)
    assert (found.route, found.evidence) == (MAILING_LIST, "spf:bounce.groups.io")


@pytest.mark.parametrize("service", CATALOGUE.services, ids=lambda s: s.id)
def test_fix_text_per_service_in_both_languages(service) -> None:  # type: ignore[no-untyped-def]
    en, ja = fix_texts(service, DOMAIN, "en"), fix_texts(service, DOMAIN, "ja")
    assert [f.kind for f in en] == [f.kind for f in ja]
    for text in (*en, *ja):
        assert "{domain}" not in text.text
    for fix in en:
        if fix.kind != "none":
            assert fix.text.startswith(f"To align {fix.kind.upper()} for {service.name_en}")
            assert fix.docs.startswith("https://") and fix.docs in fix.text
            assert all(DOMAIN in r or "{" not in r for r in fix.records)
    for fix in ja:
        if fix.kind != "none":
            assert f"{service.name_ja} の {fix.kind.upper()} をアラインさせるには" in fix.text


def test_sendgrid_fix_names_the_two_cnames() -> None:
    text = fix_texts(CATALOGUE.by_id["sendgrid"], "example.com")[0].text
    assert "s1._domainkey.example.com CNAME" in text and "s2._domainkey.example.com CNAME" in text
