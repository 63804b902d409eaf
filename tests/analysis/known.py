"""Eight hand-made facts over two days and a small registry. Every expected number in the analysis tests is
computed by hand from this table:

| fact | day | source IP      | tag  | reporter    | SPF auth/al | DKIM auth/al | pattern | disp.      | n   |
|------|-----|----------------|------|-------------|-------------|--------------|---------|------------|-----|
| F1   | D1  | 192.0.2.10     | mail | google.com  | T / T       | T / T        | pass    | none       | 100 |
| F2   | D1  | 192.0.2.200    | crm  | google.com  | T / F       | T / F        | 1       | none       | 20  |
| F3   | D2  | 192.0.2.200    | crm  | Outlook.com | T / F       | F / F        | 3       | quarantine | 5   |
| F4   | D2  | 203.0.113.5    | -    | google.com  | F / F       | F / F        | 4       | reject     | 30  |
| F5   | D2  | 203.0.113.5    | -    | Outlook.com | F / F       | T / F        | 2       | none       | 10  |
| F6   | D1  | 2001:db8:1::25 | v6   | Yahoo       | F / F       | T / T        | pass    | none       | 40  |
| F7   | D2  | 198.51.100.7   | -    | Yahoo       | F / F       | F / F        | 4       | reject     | 15  |
| F8   | D1  | 198.51.100.7   | -    | google.com  | T / T       | F / F        | pass    | none       | 5   |

192.0.2.200 lies in both 192.0.2.0/24 (mail) and 192.0.2.128/25 (crm): the narrower range wins."""
from __future__ import annotations

from datetime import date

from chalicelib.analysis.facts import Fact
from chalicelib.registry import Matcher, RegistryEntry, make_entry

D1, D2 = date(2025, 3, 1), date(2025, 3, 2)
T, F = True, False


def _fact(day: date, ip: str, reporter: str, spf: tuple[bool, bool], dkim: tuple[bool, bool], disposition: str,
          count: int, envelope_from: str = "example.jp", dkim_domains: str = "") -> Fact:
    return Fact(day=day, source_ip=ip, reporter=reporter, header_from="example.jp", envelope_from=envelope_from,
                dkim_domains=dkim_domains, spf_auth=spf[0], spf_aligned=spf[1], dkim_auth=dkim[0],
                dkim_aligned=dkim[1], disposition=disposition, count=count)


FACTS = (
    _fact(D1, "192.0.2.10", "google.com", (T, T), (T, T), "none", 100, dkim_domains="example.jp"),
    _fact(D1, "192.0.2.200", "google.com", (T, F), (T, F), "none", 20, "bounce.crm.example", "crm.example"),
    _fact(D2, "192.0.2.200", "Outlook.com", (T, F), (F, F), "quarantine", 5, "bounce.crm.example"),
    _fact(D2, "203.0.113.5", "google.com", (F, F), (F, F), "reject", 30, "spoof.example"),
    _fact(D2, "203.0.113.5", "Outlook.com", (F, F), (T, F), "none", 10, "list.example", "list.example"),
    _fact(D1, "2001:db8:1::25", "Yahoo", (F, F), (T, T), "none", 40, dkim_domains="example.jp"),
    _fact(D2, "198.51.100.7", "Yahoo", (F, F), (F, F), "reject", 15),
    _fact(D1, "198.51.100.7", "google.com", (T, T), (F, F), "none", 5),
)


def entries() -> list[RegistryEntry]:
    return [make_entry("192.0.2.0/24", "mail"), make_entry("192.0.2.128/25", "crm", "CRM service"),
            make_entry("2001:db8:1::/48", "v6")]


def matcher(*extra: RegistryEntry) -> Matcher:
    return Matcher([*entries(), *extra])
