"""The senders analysis and the DKIM selector inventory, computed by hand on written facts.

  f1 own          192.0.2.10     google.com 100 D1  SPF+DKIM aligned            d=example.com s1 pass
  f2 own          192.0.2.10     Yahoo       20 D2  SPF aligned, DKIM failed     d=example.com s1 fail
  f3 sendgrid     198.51.100.5   google.com  30 D1  both pass unaligned (pat. 1) d=sendgrid.net smtpapi pass
  f4 sendgrid     198.51.100.6   Yahoo       10 D2  DKIM aligned                 example.com s1 + sendgrid.net pass
  f5 google-groups 209.85.220.41 google.com   8 D2  pattern 3, mailing list      d=example.com s1 fail
  f6 (unknown)    203.0.113.7    google.com  12 D1  pattern 4                    no DKIM
Registry: 192.0.2.0/24 "mail", service:sendgrid "newsletter". All: 180 messages, 168 named (93.33%)."""
from __future__ import annotations

from datetime import date

from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.analysis.selectors import selector_inventory
from chalicelib.registry import Matcher, make_entry
from chalicelib.senders.report import senders

D1, D2 = date(2026, 3, 1), date(2026, 3, 2)
OWN_DKIM = "example.com/s1/pass"


def fact(day: date, ip: str, reporter: str, n: int, flags: tuple[bool, bool, bool, bool], dkim: str, service: str,
         ptr: str = "", route: str = "") -> Fact:
    domains = " ".join(sorted({p.split("/")[0] for p in dkim.split()}))
    return Fact(day, ip, reporter, "example.com", "example.com", domains, *flags[:2], *flags[2:], "none", n,
                ptr=ptr, detail=SenderDetail(dkim=dkim, service=service, route=route))


FACTS = [
    fact(D1, "192.0.2.10", "google.com", 100, (True, True, True, True), OWN_DKIM, "own", "mail.example.com"),
    fact(D2, "192.0.2.10", "Yahoo", 20, (True, True, False, False), "example.com/s1/fail", "own"),
    fact(D1, "198.51.100.5", "google.com", 30, (True, False, True, False), "sendgrid.net/smtpapi/pass", "sendgrid",
         "o1.sendgrid.net"),
    fact(D2, "198.51.100.6", "Yahoo", 10, (False, False, True, True), f"{OWN_DKIM} sendgrid.net/smtpapi/pass",
         "sendgrid"),
    fact(D2, "209.85.220.41", "google.com", 8, (True, False, False, False), "example.com/s1/fail", "google-groups",
         route="mailing_list"),
    fact(D1, "203.0.113.7", "google.com", 12, (False, False, False, False), "", ""),
]


def registry() -> Matcher:
    return Matcher([make_entry("192.0.2.0/24", "mail"), make_entry("service:sendgrid", "newsletter")])


def test_one_row_per_service_by_hand() -> None:
    report = senders(FACTS, registry(), "example.com")
    assert (report.messages, report.named_pct) == (180, 93.33)
    assert [r.service for r in report.rows] == ["own", "sendgrid", "google-groups", ""]  # unidentified last
    own, grid, groups, unknown = report.rows
    assert (own.name, own.messages, own.pct, own.dmarc_pass_pct, own.spf_aligned_pct, own.dkim_aligned_pct) == (
        "Own infrastructure", 120, 66.67, 100.0, 100.0, 83.33)
    assert (own.tagged, own.tags, own.fixes, own.patterns) == (120, ("mail",), (), (0, 0, 0, 0))
    assert [(s.ip, s.ptr, s.messages, s.tag) for s in own.sources] == [("192.0.2.10", "mail.example.com", 120, "mail")]
    assert [(n.name, n.messages, n.pct) for n in own.reporters] == [("google.com", 100, 83.33), ("Yahoo", 20, 16.67)]
    assert (grid.name, grid.category, grid.messages, grid.dmarc_pass, grid.dmarc_pass_pct) == (
        "SendGrid", "esp", 40, 10, 25.0)
    assert (grid.spf_aligned, grid.dkim_aligned, grid.patterns) == (0, 10, (30, 0, 0, 0))
    assert (grid.tagged, grid.tagged_pct, grid.tags) == (40, 100.0, ("newsletter",))  # the service entry
    assert [(s.ip, s.ptr, s.messages) for s in grid.sources] == [("198.51.100.5", "o1.sendgrid.net", 30),
                                                                 ("198.51.100.6", "", 10)]
    assert [f.kind for f in grid.fixes] == ["dkim", "spf"]
    assert grid.fixes[0].text.startswith("To align DKIM for SendGrid: ")
    assert "s1._domainkey.example.com CNAME" in grid.fixes[0].text
    assert grid.docs.startswith("https://www.twilio.com/docs/sendgrid/")
    assert (groups.mailing_list, groups.forwarded, groups.indirect_pct, groups.patterns) == (8, 0, 100.0, (0, 0, 8, 0))
    assert (groups.tagged, groups.tags) == (0, ())
    assert (unknown.name, unknown.messages, unknown.patterns, unknown.fixes) == (
        "Unidentified sources", 12, (0, 0, 0, 12), ())


def test_names_and_fix_in_japanese() -> None:
    grid = senders(FACTS, registry(), "example.com", "ja").rows[1]
    assert grid.name == "SendGrid (構造計画研究所)"
    assert grid.fixes[0].text.startswith("SendGrid (構造計画研究所) の DKIM をアラインさせるには")
    assert "s1._domainkey.example.com CNAME" in grid.fixes[0].text
    assert senders(FACTS, registry(), "example.com", "ja").rows[0].name == "自社インフラ"


def test_without_the_service_entry_sendgrid_is_untagged() -> None:
    grid = senders(FACTS, Matcher([make_entry("192.0.2.0/24", "mail")]), "example.com").rows[1]
    assert (grid.tagged, grid.tags, grid.sources[0].tag) == (0, (), None)


def test_selector_inventory_by_hand() -> None:
    inv = selector_inventory(FACTS)
    assert (inv.messages, inv.signed) == (180, 168)
    rows = [(r.domain, r.selector, r.own, r.first_seen, r.last_seen, r.days, r.messages, r.passed, r.pass_pct,
             r.services) for r in inv.rows]
    assert rows == [
        ("example.com", "s1", True, D1, D2, 2, 138, 110, 79.71, ("own", "sendgrid", "google-groups")),
        ("sendgrid.net", "smtpapi", False, D1, D2, 2, 40, 40, 100.0, ("sendgrid",)),
    ]
    assert [r.domain for r in selector_inventory(FACTS, own_only=True).rows] == ["example.com"]
