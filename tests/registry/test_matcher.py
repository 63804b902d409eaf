from __future__ import annotations

import random
import time
from ipaddress import ip_address, ip_network

from chalicelib.registry import Matcher, make_entry

ENTRIES = [
    make_entry("192.0.2.0/24", "wide"),
    make_entry("192.0.2.128/25", "half"),
    make_entry("192.0.2.200", "host"),
    make_entry("2001:db8::/32", "v6-wide"),
    make_entry("2001:db8:1::/48", "v6-site"),
    make_entry("2001:db8:1::25", "v6-host"),
]


def test_most_specific_range_wins_regardless_of_order() -> None:
    for entries in (ENTRIES, ENTRIES[::-1]):
        m = Matcher(entries)
        assert [m.tag_of(ip) for ip in ("192.0.2.1", "192.0.2.129", "192.0.2.200", "192.0.3.1")] == [
            "wide", "half", "host", None]


def test_ipv6_and_mapped_addresses() -> None:
    m = Matcher(ENTRIES)
    assert m.tag_of("2001:db8:1::25") == "v6-host"
    assert m.tag_of("2001:DB8:1:0::26") == "v6-site"
    assert m.tag_of("2001:db8:ffff::1") == "v6-wide"
    assert m.tag_of("2001:db9::1") is None
    assert m.tag_of("::ffff:192.0.2.200") == "host"  # v4-mapped folded to v4
    assert m.lookup(ip_address("192.0.2.130")) == ENTRIES[1]
    assert m.tag_of("::c000:2c8") is None  # not a mapped address: IPv6 space, no match


def test_bad_input_is_unregistered() -> None:
    m = Matcher(ENTRIES)
    assert m.lookup("not an ip") is None and m.lookup("") is None


def test_empty_registry_and_equal_ranges() -> None:
    assert Matcher([]).tag_of("192.0.2.1") is None
    m = Matcher([make_entry("192.0.2.0/24", "first"), make_entry("192.0.2.0/24", "second")])
    assert m.tag_of("192.0.2.1") == "second" and len(m) == 1


def test_agrees_with_a_linear_scan_on_thousands_of_ranges() -> None:
    rnd = random.Random(3)
    entries = {}
    for i in range(5000):
        length = rnd.choice((8, 12, 16, 20, 24, 28, 32))
        network = ip_network(f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.0/{length}",
                             strict=False)
        entries[network] = make_entry(network, f"t{i}")
    m = Matcher(entries.values())
    probes = [f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(256)}"
              for _ in range(2000)]
    for ip in probes:
        addr = ip_address(ip)
        containing = [e for e in entries.values() if addr in e.cidr]
        expected = max(containing, key=lambda e: e.cidr.prefixlen) if containing else None
        assert m.lookup(ip) == expected
    fresh = Matcher(entries.values())
    started = time.perf_counter()
    for ip in probes * 10:
        fresh.lookup(ip)
    assert time.perf_counter() - started < 1.0  # 20k lookups (2k distinct): milliseconds, not a scan
