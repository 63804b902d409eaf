"""Registry entries naming a sending service ("service:<id>") instead of a range: validation against the
catalogue, matching through the fact's service (a range still wins), the CSV round trip and the stored form."""
from __future__ import annotations

import pytest

from chalicelib.errors import RegistryError
from chalicelib.registry import Matcher, ServiceTarget, export_csv, import_csv, make_entry
from chalicelib.storage.registry import decode_entries, encode_entries


def test_a_service_entry_is_validated_against_the_catalogue() -> None:
    entry = make_entry(" Service:SendGrid ", "newsletter")
    assert (entry.cidr, entry.key, entry.service) == (ServiceTarget("sendgrid"), "service:sendgrid", "sendgrid")
    with pytest.raises(RegistryError) as caught:
        make_entry("service:no-such-esp", "x")
    assert (caught.value.code, caught.value.field, caught.value.params) == (
        "unknown_service", "cidr", {"value": "no-such-esp"})


def test_the_matcher_tags_the_service_mail_and_a_range_wins() -> None:
    m = Matcher([make_entry("service:sendgrid", "newsletter"), make_entry("198.51.100.0/24", "crm")])
    assert m.tag_for("203.0.113.9", "sendgrid") == "newsletter"
    assert m.tag_for("203.0.113.9", "mailgun") is None and m.tag_for("203.0.113.9", "") is None
    assert m.tag_for("198.51.100.7", "sendgrid") == "crm"  # the range is the more specific statement
    assert m.tag_of("203.0.113.9") is None  # by address alone a service entry says nothing
    assert len(m) == 2


def test_csv_round_trip_with_service_entries() -> None:
    entries = [make_entry("192.0.2.0/24", "mail"), make_entry("service:amazon-ses", "app", "transactional"),
               make_entry("service:sendgrid", "newsletter")]
    data = export_csv(entries)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["cidr,tag,comment", "192.0.2.0/24,mail,", "service:amazon-ses,app,transactional",
                     "service:sendgrid,newsletter,"]
    back = import_csv(data)
    assert back.ok and set(back.entries) == set(entries)


def test_csv_import_reports_an_unknown_service_on_its_line() -> None:
    result = import_csv("cidr,tag\nservice:sendgrid,a\nservice:nope,b\n")
    assert [(e.line, e.code, e.field) for e in result.errors] == [(3, "unknown_service", "cidr")]


def test_the_stored_snapshot_keeps_service_entries() -> None:
    entries = [make_entry("service:sendgrid", "newsletter"), make_entry("2001:db8::/32", "v6")]
    assert sorted(decode_entries(encode_entries(entries)), key=str) == sorted(entries, key=str)
