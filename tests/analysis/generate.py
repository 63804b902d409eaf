"""Deterministic synthetic facts and registry for the smoke/performance tests (no I/O)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from chalicelib.analysis.facts import Fact
from chalicelib.registry import RegistryEntry, make_entry

REPORTERS = ("google.com", "Outlook.com", "Yahoo", "Mail.Ru", "comcast.net", "GMX", "Fastmail Pty Ltd")


def registry(ranges: int = 500) -> list[RegistryEntry]:
    """``ranges`` /24s in 10.0.0.0/8, tagged service-0..service-19, plus a few /16 and IPv6 ranges."""
    entries = [make_entry(f"10.{i // 256}.{i % 256}.0/24", f"service-{i % 20}") for i in range(ranges)]
    entries += [make_entry(f"172.{16 + i}.0.0/16", "datacenter") for i in range(4)]
    entries += [make_entry("2001:db8::/32", "v6-mail")]
    return entries


def facts(count: int = 200_000, days: int = 90, ips_per_day: int = 2_000, seed: int = 7) -> list[Fact]:
    rnd = random.Random(seed)
    start = date(2025, 1, 1)
    per_day = max(1, count // days)
    pool = [f"10.{i // 256 % 4}.{i % 256}.{rnd.randrange(1, 255)}" if i % 3 else
            f"198.51.{i % 256}.{rnd.randrange(1, 255)}" for i in range(ips_per_day * 4)]
    out: list[Fact] = []
    for d in range(days):
        day = start + timedelta(days=d)
        for _ in range(per_day):
            spf_auth, dkim_auth = rnd.random() < 0.8, rnd.random() < 0.8
            out.append(Fact(
                day=day, source_ip=rnd.choice(pool), reporter=rnd.choice(REPORTERS), header_from="example.jp",
                envelope_from=rnd.choice(("example.jp", "bounce.esp.example", "")),
                dkim_domains=rnd.choice(("example.jp", "esp.example", "", "esp.example example.jp")),
                spf_auth=spf_auth, spf_aligned=spf_auth and rnd.random() < 0.7,
                dkim_auth=dkim_auth, dkim_aligned=dkim_auth and rnd.random() < 0.7,
                disposition=rnd.choice(("none", "none", "quarantine", "reject")), count=rnd.randrange(1, 50),
            ))
    return out
