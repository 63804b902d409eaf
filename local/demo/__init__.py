"""The generated demo data set: a fictional domain, 60 days of aggregate reports from six mailbox providers,
and the IP registry its owner would have filled in. Deterministic: the same `today` gives the same bytes,
and a given day's reports do not depend on `today` at all.

    demo_messages(today) -> Iterator[(filename, raw RFC 5322 message bytes)]
    demo_registry()      -> [{"cidr", "tag", "comment"}, ...]
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from local.demo.envelope import RUA_ADDRESS, mail, tls_report_mail
from local.demo.reporters import REPORTERS, Reporter
from local.demo.senders import DEMO_DOMAIN, REGISTRY, SENDERS, Sender
from local.demo.xmlreport import Row, render

DEMO_DAYS = 60
TLS_REPORT_DAYS = 7  # SMTP TLS reports (Google, Microsoft) for the last week: mx2 is outside the MTA-STS policy
FORGED_DAYS_AGO = 2  # a forged copy of that day's Google report (same report id, 100x the figures) comes first
HELD_DAYS_AGO = 4  # a report whose mail failed authentication: held until the operator accepts it
# Policy drift: for the last days, kddi.com sees a second, conflicting DMARC record (p=quarantine, left at a
# secondary DNS provider its resolvers reach) while every other reporter sees the published p=none.
STALE_RECORD = ("kddi.com", 3, "quarantine")  # reporter, last days, the p= / sp= it sees


def demo_days(today: date, days: int = DEMO_DAYS) -> list[date]:
    """The last `days` days up to yesterday, oldest first."""
    return [today - timedelta(days=days - i) for i in range(days)]


def demo_rows(reporter: Reporter, day: date, days_ago: int) -> list[Row]:
    """What `reporter` saw of every sender on `day`: its share of each sender's volume, spread over its IPs."""
    rows: list[Row] = []
    for sender in SENDERS:
        total = sender.volume(day, days_ago)
        if not total:
            continue
        rnd = random.Random(f"split|{reporter.org_name}|{sender.name}|{day.isoformat()}")
        seen = round(total * reporter.share * rnd.uniform(0.6, 1.4))
        rows += _spread(sender, seen, rnd)
    return rows


def _spread(sender: Sender, count: int, rnd: random.Random) -> list[Row]:
    weights = [rnd.uniform(0.5, 1.5) for _ in sender.ips]
    scale = count / sum(weights)
    counts = [round(w * scale) for w in weights]
    counts[0] += count - sum(counts)
    return [Row(sender, ip, n) for ip, n in zip(sender.ips, counts, strict=True) if n > 0]


def demo_messages(today: date, after: date | None = None, days: int = DEMO_DAYS) -> Iterator[tuple[str, bytes]]:
    """Every demo report e-mail of the last `days` days, oldest day first (only the days later than `after`,
    when given, so a running demo can be topped up). File names are unique and safe as S3 key suffixes."""
    for days_ago, day in zip(range(days, 0, -1), demo_days(today, days), strict=True):
        if after is not None and day <= after:
            continue
        for reporter in REPORTERS:
            rows = demo_rows(reporter, day, days_ago)
            if not rows:
                continue
            slug = reporter.submitter.replace(".", "-")
            stale, stale_days, stale_p = STALE_RECORD
            requested = stale_p if reporter.org_name == stale and days_ago <= stale_days else "none"
            if days_ago == FORGED_DAYS_AGO and reporter is REPORTERS[0]:
                forged = [Row(r.sender, r.ip, r.count * 100) for r in rows]
                yield f"demo-{day:%Y%m%d}-{slug}-forged.eml", mail(reporter, day, render(reporter, day, forged), False)
            yield f"demo-{day:%Y%m%d}-{slug}.eml", mail(reporter, day, render(reporter, day, rows, p=requested))
        if days_ago == HELD_DAYS_AGO:
            relay = replace(REPORTERS[-1], org_name="Mail.Ru relay")
            rows = demo_rows(relay, day, days_ago)
            yield f"demo-{day:%Y%m%d}-unauthenticated.eml", mail(relay, day, render(relay, day, rows), False)
        if days_ago <= TLS_REPORT_DAYS:
            yield from _tls_mails(day, days_ago)


def _tls_mails(day: date, days_ago: int) -> Iterator[tuple[str, bytes]]:
    """Google sees mx2 (not in the MTA-STS policy) fail validation every day, and an expired certificate there
    on two days; Microsoft could not fetch the policy once."""
    google = [("validation-failure", f"mx2.{DEMO_DOMAIN}", 3 + days_ago % 3)]
    if days_ago in (2, 5):
        google.append(("certificate-expired", f"mx2.{DEMO_DOMAIN}", 9))
    yield f"demo-{day:%Y%m%d}-google-com-tlsrpt.eml", tls_report_mail(day, "google.com", 140 + 7 * days_ago,
                                                                       tuple(google))
    microsoft = (("sts-policy-fetch-error", f"mx1.{DEMO_DOMAIN}", 4),) if days_ago == 3 else ()
    yield f"demo-{day:%Y%m%d}-microsoft-com-tlsrpt.eml", tls_report_mail(day, "microsoft.com", 60 + days_ago,
                                                                          microsoft)


def demo_registry() -> list[dict[str, str]]:
    """The demo domain's IP registry entries (fresh dicts: callers may change them)."""
    return [dict(entry) for entry in REGISTRY]


__all__ = ["DEMO_DAYS", "DEMO_DOMAIN", "RUA_ADDRESS", "STALE_RECORD", "TLS_REPORT_DAYS", "demo_days", "demo_messages",
           "demo_registry", "demo_rows"]
