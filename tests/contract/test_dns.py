"""The DNS port: the zone fake answers as the DNS does (records, an existing name without records, NXDOMAIN as
None), and switched-off lookups are unknown (DnsError), never "no record". The real adapter is not run here:
this machine has no network."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.adapters.dns import NoResolver, ZoneResolver
from chalicelib.ports.dns import DnsError


def test_the_zone_resolver_answers_like_the_dns(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({
        "_dmarc.Example.COM.": {"TXT": ["v=DMARC1; p=none"]}, "example.com": {"MX": [[10, "MX.example.com."]],
                                                                              "A": ["192.0.2.1"]},
        "192.0.2.10": {"PTR": ["mail.Example.com."]}}))
    (tmp_path / "b.json").write_text(json.dumps({"example.com": {"TXT": ["v=spf1 -all"]}}))
    dns = ZoneResolver.from_files([tmp_path / "a.json", tmp_path / "b.json"])
    assert dns.txt("_dmarc.example.com") == ("v=DMARC1; p=none",)
    assert dns.txt("example.com") == ("v=spf1 -all",) and dns.mx("example.com") == ((10, "mx.example.com"),)
    assert dns.txt("_dmarc.example.com.") == ("v=DMARC1; p=none",) and dns.addresses("example.com") == ("192.0.2.1",)
    assert dns.txt("nosuch.example.com") is None and dns.mx("_dmarc.example.com") == ()
    assert dns.ptr("192.0.2.10") == ("mail.example.com",) and dns.ptr("192.0.2.11") == ()


def test_switched_off_lookups_are_unknown() -> None:
    with pytest.raises(DnsError):
        NoResolver().txt("example.com")
    with pytest.raises(DnsError):
        NoResolver().ptr("192.0.2.1")


def test_the_real_adapter_is_built_from_settings() -> None:
    from chalicelib import wiring
    from chalicelib.adapters.dns import DnsPythonResolver
    from chalicelib.settings import Settings

    built = wiring.bootstrap(Settings.from_env({"ALIGNED_DNS": "live", "ALIGNED_DNS_LIFETIME_SECONDS": "1.5"}))
    assert isinstance(built.resolver, DnsPythonResolver)
    assert isinstance(wiring.bootstrap(Settings.from_env({"ALIGNED_DNS": "off"})).resolver, NoResolver)
