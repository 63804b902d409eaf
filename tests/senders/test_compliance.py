"""Mailbox-provider requirements by hand: SPF pass + DKIM pass + aligned is compliant, a missing DKIM is not, the
per-provider refused volume (bulk or not), indirect and unknown mail apart, the reporter -> provider map and the
data file's sources."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.senders.compliance import Miss, provider_requirements
from chalicelib.senders.provider_rules import ProviderRulesError, load_providers, parse_providers, provider_of

D = "example.com"
DAY = date(2026, 5, 4)
PROVIDERS = load_providers()


def fact(reporter: str = "google.com", count: int = 10, spf: bool = True, dkim: bool = True,
         spf_aligned: bool = True, dkim_aligned: bool = True, service: str = "own", ip: str = "192.0.2.1",
         day: date = DAY, route: str = "", unknown: bool = False) -> Fact:
    return Fact(day=day, source_ip=ip, reporter=reporter, header_from=D, envelope_from=D, dkim_domains=D,
                spf_auth=spf, spf_aligned=spf_aligned, dkim_auth=dkim, dkim_aligned=dkim_aligned,
                disposition="none", count=count, unknown=unknown, detail=SenderDetail(service=service, route=route))


def row(report, provider: str):  # type: ignore[no-untyped-def]
    return next(r for r in report.providers if r.provider == provider)


def test_spf_pass_dkim_pass_and_aligned_is_compliant() -> None:
    report = provider_requirements([fact()], D)
    google = row(report, "google")
    assert (google.compliant, google.non_compliant, google.refused) == (10, 0, 0)
    assert report.senders[0].compliant_pct == 100.0 and report.senders[0].missing == ()


def test_aligned_spf_without_dkim_is_not_compliant() -> None:
    """DMARC passes through SPF alone: enough for DMARC, not for the bulk-sender rules (DKIM must pass too)."""
    report = provider_requirements([fact(dkim=False, dkim_aligned=False, service="sendgrid")], D)
    google = row(report, "google")
    assert google.non_compliant == 10 and google.compliant == 0
    assert google.refused == 0  # not a bulk sender, and SPF passes: what every sender must meet
    [sender] = report.senders
    assert sender.missing == (Miss("dkim_pass", 10),)
    assert sender.fixes and "SendGrid" in sender.fixes[0].text  # the catalogue's fix for that service
    assert [n.name for n in sender.by_provider] == ["google"]


def test_unaligned_mail_passing_both_is_not_compliant() -> None:
    report = provider_requirements([fact(spf_aligned=False, dkim_aligned=False, service="")], D)
    assert row(report, "google").senders[0].missing == (Miss("aligned", 10),)


def test_refused_volume_per_provider_bulk_or_not() -> None:
    facts = [
        # Gmail: over 5,000 a day on one day -> a bulk sender: all non-compliant mail is refused
        fact("google.com", 5200, day=DAY), fact("google.com", 300, dkim=False, dkim_aligned=False, service="crm",
                                                ip="198.51.100.7", day=DAY),
        # Outlook.com: small; neither SPF nor DKIM passes: Microsoft has no all-senders rule -> nothing refused
        fact("Outlook.com", 40, spf=False, dkim=False, spf_aligned=False, dkim_aligned=False, service="crm"),
        # Yahoo: small; neither passes -> refused under the all-senders rule
        fact("Yahoo", 25, spf=False, dkim=False, spf_aligned=False, dkim_aligned=False, service="crm"),
        # Enterprise Outlook (Microsoft 365 tenants) is no consumer provider
        fact("Enterprise Outlook", 99, spf=False, dkim=False, spf_aligned=False, dkim_aligned=False),
    ]
    report = provider_requirements(facts, D)
    google, yahoo, microsoft = row(report, "google"), row(report, "yahoo"), row(report, "microsoft")
    assert google.bulk and google.peak_daily == 5500 and google.peak_day == DAY
    assert (google.non_compliant, google.refused) == (300, 300)
    assert (microsoft.non_compliant, microsoft.refused, microsoft.bulk) == (40, 0, False)
    assert microsoft.smtp_reply.startswith("550 5.7.515")
    assert (yahoo.non_compliant, yahoo.refused) == (25, 25)
    assert report.other_messages == 99 and report.messages == 5500 + 40 + 25
    crm = report.senders[0]
    assert crm.service == "crm" and crm.non_compliant == 365
    assert [(n.name, n.messages) for n in crm.by_provider] == [("google", 300), ("microsoft", 40), ("yahoo", 25)]
    assert crm.sources[0].name == "198.51.100.7"
    assert google.senders[0].service == "crm"  # the sender to fix, first


def test_indirect_and_unknown_mail_are_not_judged() -> None:
    failing = dict(spf=False, dkim=False, spf_aligned=False, dkim_aligned=False)
    report = provider_requirements([fact(route="forwarded", **failing), fact(unknown=True, **failing)], D)
    google = row(report, "google")
    assert (google.indirect, google.unknown, google.non_compliant, google.messages) == (10, 10, 0, 20)


def test_reporters_map_to_providers() -> None:
    assert provider_of("Google", PROVIDERS).id == "google"  # type: ignore[union-attr]
    assert provider_of("google.com", PROVIDERS).id == "google"  # type: ignore[union-attr]
    assert provider_of("Yahoo! Inc.", PROVIDERS).id == "yahoo"  # type: ignore[union-attr]
    assert provider_of("outlook.com", PROVIDERS).id == "microsoft"  # type: ignore[union-attr]
    assert provider_of("Enterprise Outlook", PROVIDERS) is None and provider_of("kddi.com", PROVIDERS) is None


def test_every_provider_states_its_sources_and_rules_are_checked() -> None:
    assert {p.id for p in PROVIDERS} == {"google", "yahoo", "microsoft"}
    for p in PROVIDERS:
        assert p.sources and any(s.startswith("docs: https://") for s in p.sources)
        assert set(p.bulk_senders) == {"spf_pass", "dkim_pass", "aligned"}
    assert next(p for p in PROVIDERS if p.id == "microsoft").since == date(2025, 5, 5)
    good = {"id": "x", "name_en": "X", "name_ja": "X", "org_names": ["x"], "bulk_per_day": 1, "action": "reject",
            "since": "2025-01-01", "sources": ["docs: x"]}
    assert parse_providers({"provider": [good]})[0].all_senders == ()
    for bad in ({**good, "bulk_senders": ["dkim_signed"]}, {**good, "action": "bounce"}, {**good, "sources": []},
                {k: v for k, v in good.items() if k != "since"}):
        with pytest.raises(ProviderRulesError):
            parse_providers({"provider": [bad]})
    with pytest.raises(ProviderRulesError):
        parse_providers({"provider": [good, good]})


def test_japanese_names() -> None:
    report = provider_requirements([replace(fact(), day=DAY + timedelta(days=1))], D, lang="ja")
    assert row(report, "microsoft").name.startswith("Outlook.com（Microsoft")
    assert report.senders[0].name == "自社インフラ"
