"""Who sends mail as the demo domain, and how each source authenticates. Pure data plus the daily volume rule.

Every address is from the documentation ranges (RFC 5737, RFC 3849), every domain is RFC 2606 reserved.
The story: transactional mail and staff mail pass; four of the domain's own services fail DMARC, one per
failure pattern; two forwarders (one keeps DKIM, a mailing list breaks it); and five spoofing sources."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

DEMO_DOMAIN = "aligned-demo.example"


@dataclass(frozen=True, slots=True)
class Dkim:
    domain: str
    selector: str
    result: str  # pass | fail | ...


@dataclass(frozen=True, slots=True)
class Sender:
    """One source of mail: its addresses, its identifiers and authentication results, and its volume rule."""

    name: str
    ips: tuple[str, ...]
    envelope_from: str
    spf_result: str
    spf_aligned: bool
    dkim: tuple[Dkim, ...]
    dkim_aligned: bool
    weekday: int  # mean messages on a weekday
    weekend: float = 1.0  # factor on Saturdays and Sundays
    header_from: str = DEMO_DOMAIN
    only_weekdays: tuple[int, ...] = ()  # e.g. (1, 4): sends on Tuesdays and Fridays only
    month_start_boost: int = 0  # extra messages on the 1st to 3rd of a month (invoices)
    since_days_ago: int | None = None  # starts sending this many days before "today"
    burst_chance: float = 1.0  # chance that it sends on a given day (spoofing comes in bursts)
    reason: tuple[str, str] | None = None  # policy override (type, comment) a reporter may add

    def volume(self, day: date, days_ago: int) -> int:
        """Deterministic messages on `day` (seeded by sender and day, so stable whatever "today" is)."""
        if self.since_days_ago is not None and days_ago > self.since_days_ago:
            return 0
        if self.only_weekdays and day.weekday() not in self.only_weekdays:
            return 0
        rnd = random.Random(f"volume|{self.name}|{day.isoformat()}")
        if rnd.random() >= self.burst_chance:
            return 0
        mean = self.weekday * (self.weekend if day.weekday() >= 5 else 1.0)
        if day.day <= 3:
            mean += self.month_start_boost
        return max(0, round(mean * rnd.uniform(0.7, 1.3)))


_OWN_DKIM = Dkim(DEMO_DOMAIN, "ses2024", "pass")
_SOFTFAIL = "softfail"  # the demo domain's SPF record ends in ~all

SENDERS: tuple[Sender, ...] = (
    # Own senders that pass.
    Sender("ses", ("192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7"), f"mail.{DEMO_DOMAIN}", "pass", True,
           (_OWN_DKIM, Dkim("amazonses.com", "224i4yxa5dv7c2xz3womw6peuasteono", "pass")), True, 380, 0.8),
    Sender("office365", ("198.51.100.10", "198.51.100.11", "198.51.100.12"), DEMO_DOMAIN, "pass", True,
           (Dkim(DEMO_DOMAIN, "selector1", "pass"),), True, 220, 0.15),
    Sender("office365-v6", ("2001:db8:10::25", "2001:db8:10::26"), DEMO_DOMAIN, "pass", True,
           (Dkim(DEMO_DOMAIN, "selector2", "pass"),), True, 60, 0.15),
    # Pattern 1: SPF pass-unaligned + DKIM pass-unaligned (the service's own return-path and DKIM domain).
    Sender("newsletter", ("203.0.113.20", "203.0.113.21", "203.0.113.22"), "bounce.mailblast.example", "pass",
           False, (Dkim("mailblast.example", "mb1", "pass"),), False, 1500, header_from=f"news.{DEMO_DOMAIN}",
           only_weekdays=(1, 4)),
    # Pattern 2: SPF fail + DKIM pass-unaligned (signs with its own domain; not in the domain's SPF record).
    Sender("helpdesk", ("203.0.113.70", "203.0.113.71"), DEMO_DOMAIN, _SOFTFAIL, False,
           (Dkim("helpdeskly.example", "hd", "pass"),), False, 45, 0.3),
    # Pattern 3: SPF pass-unaligned + DKIM fail (own bounce domain; a stale key on the domain's selector).
    Sender("billing", ("203.0.113.130",), "bounces.invoicer.example", "pass", False,
           (Dkim(DEMO_DOMAIN, "inv2019", "fail"),), False, 25, 0.2, month_start_boost=400),
    # Pattern 4: SPF fail + DKIM fail (a CRM started two weeks ago, nothing configured).
    Sender("crm", ("198.51.100.200",), DEMO_DOMAIN, _SOFTFAIL, False, (), False, 70, 0.0, since_days_ago=14),
    # Forwarders: SPF fails at the forwarder; DKIM survives plain forwarding, a mailing list breaks it.
    Sender("forwarder", ("198.51.100.150",), DEMO_DOMAIN, _SOFTFAIL, False,
           (Dkim(DEMO_DOMAIN, "selector1", "pass"),), True, 12, reason=("forwarded", "")),
    Sender("mailing-list", ("203.0.113.200",), DEMO_DOMAIN, _SOFTFAIL, False,
           (Dkim(DEMO_DOMAIN, "selector1", "fail"),), False, 8, reason=("mailing_list", "list.lists-host.example")),
    # Spoofing from unregistered addresses.
    Sender("spoof-bulk", ("192.0.2.99",), DEMO_DOMAIN, _SOFTFAIL, False, (), False, 500, burst_chance=0.2),
    Sender("spoof-own-spf", ("198.51.100.77",), "bulk-mailer.example", "pass", False, (), False, 30,
           burst_chance=0.35),
    Sender("spoof-forged-dkim", ("203.0.113.250",), DEMO_DOMAIN, "fail", False,
           (Dkim(DEMO_DOMAIN, "selector1", "fail"),), False, 110, burst_chance=0.15),
    Sender("spoof-v6", ("2001:db8:bad:1::25",), DEMO_DOMAIN, _SOFTFAIL, False, (), False, 45, burst_chance=0.1),
    Sender("spoof-phish-kit", ("192.0.2.180",), "phish-kit.example", "fail", False,
           (Dkim("phish-kit.example", "default", "pass"),), False, 90, since_days_ago=10, burst_chance=0.5),
)

# The registry a user of the demo domain has filled in. Forwarders and spoofers are deliberately absent.
REGISTRY: tuple[dict[str, str], ...] = (
    {"cidr": "192.0.2.0/28", "tag": "AWS SES",
     "comment": "トランザクションメール (注文確認・パスワード再設定) / transactional mail via Amazon SES"},
    {"cidr": "198.51.100.0/27", "tag": "Office 365",
     "comment": "社員のメールボックス / staff mailboxes (Exchange Online)"},
    {"cidr": "2001:db8:10::/48", "tag": "Office 365", "comment": "Exchange Online IPv6 送信 / outbound over IPv6"},
    {"cidr": "203.0.113.16/28", "tag": "newsletter", "comment": "ニュースレター配信 (MailBlast) / weekly newsletter"},
    {"cidr": "203.0.113.64/28", "tag": "helpdesk", "comment": "サポート窓口 HelpDeskly / customer support desk"},
    {"cidr": "203.0.113.128/28", "tag": "billing", "comment": "請求書システム / invoicing system"},
    {"cidr": "198.51.100.200/32", "tag": "CRM", "comment": "営業 CRM (導入中) / sales CRM, being rolled out"},
)
