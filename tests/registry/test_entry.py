from __future__ import annotations

from ipaddress import IPv4Network, ip_network

import pytest

from chalicelib.registry import RegistryEntry, RegistryError, make_entry


@pytest.mark.parametrize(("text", "network"), [
    ("192.0.2.7", "192.0.2.7/32"),
    (" 192.0.2.0/24 ", "192.0.2.0/24"),
    ("2001:DB8::1", "2001:db8::1/128"),
    ("2001:db8::/32", "2001:db8::/32"),
    ("::ffff:192.0.2.0/120", "192.0.2.0/24"),
    ("::ffff:192.0.2.9", "192.0.2.9/32"),
    ("１９２．０．２．０／２４", "192.0.2.0/24"),  # full-width input from a Japanese IME
])
def test_accepted_forms(text: str, network: str) -> None:
    assert make_entry(text, "tag").cidr == ip_network(network)


@pytest.mark.parametrize(("cidr", "tag", "comment", "field", "needle"), [
    ("192.0.2.5/24", "t", "", "cidr", "did you mean 192.0.2.0/24"),
    ("192.0.2.300", "t", "", "cidr", "not a valid"),
    ("192.0.2.0/33", "t", "", "cidr", "not a valid"),
    ("", "t", "", "cidr", "required"),
    ("10.0.0.0/7", "t", "", "cidr", "too broad"),
    ("2000::/15", "t", "", "cidr", "too broad"),
    ("fe80::1%eth0", "t", "", "cidr", "zone"),
    ("192.0.2.0/24", "  ", "", "tag", "required"),
    ("192.0.2.0/24", "x" * 65, "", "tag", "longer than 64"),
    ("192.0.2.0/24", "a\nb", "", "tag", "control"),
    ("192.0.2.0/24", "t", "x" * 501, "comment", "longer than 500"),
])
def test_errors_name_the_field(cidr: str, tag: str, comment: str, field: str, needle: str) -> None:
    with pytest.raises(RegistryError) as caught:
        make_entry(cidr, tag, comment)
    assert caught.value.field == field and needle in caught.value.message
    assert str(caught.value).startswith(f"{field}: ")


def test_entry_is_a_normalised_value_object() -> None:
    entry = make_entry("192.0.2.0/24", " 本社メール ", "  送信\tサーバー\r\n東京　大手町 ")
    assert (entry.tag, entry.comment, entry.key) == ("本社メール", "送信 サーバー 東京　大手町", "192.0.2.0/24")
    assert entry == RegistryEntry(IPv4Network("192.0.2.0/24"), "本社メール", "送信 サーバー 東京　大手町")
    with pytest.raises(RegistryError):
        RegistryEntry("192.0.2.0/24", "t")  # type: ignore[arg-type]
