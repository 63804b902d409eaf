"""The demo data set: deterministic, 60 days up to yesterday, every reporter in its container style, every
DMARC outcome of the story present, and readable by the project's parser."""
from __future__ import annotations

import email
import gzip
import io
import zipfile
from collections import Counter
from datetime import date, timedelta
from email import policy
from ipaddress import ip_address, ip_network

import pytest

from chalicelib.analysis.facts import classify
from chalicelib.dmarc import read_message
from chalicelib.registry import make_entry
from local.demo import DEMO_DAYS, DEMO_DOMAIN, demo_days, demo_messages, demo_registry
from local.demo.reporters import REPORTERS
from local.demo.senders import SENDERS

TODAY = date(2025, 3, 15)


@pytest.fixture(scope="module")
def messages() -> list[tuple[str, bytes]]:
    return list(demo_messages(TODAY))


@pytest.fixture(scope="module")
def reports(messages):
    return {name: read_message(raw, name=name) for name, raw in messages}


def test_domain_is_reserved() -> None:
    assert DEMO_DOMAIN.endswith(".example")


def test_same_today_gives_the_same_bytes(messages) -> None:
    assert list(demo_messages(TODAY)) == messages


def test_a_day_does_not_depend_on_today(messages) -> None:
    later = dict(demo_messages(TODAY + timedelta(days=5)))
    common = [(n, b) for n, b in messages if n in later]
    assert len(common) > 250
    # the two newest spoofing campaigns start relative to "today", so compare the oldest half only
    old = [n for n, _ in common if n < f"demo-{TODAY - timedelta(days=30):%Y%m%d}"]
    assert old and all(later[n] == dict(messages)[n] for n in old)


def test_sixty_days_up_to_yesterday(messages) -> None:
    days = demo_days(TODAY)
    assert len(days) == DEMO_DAYS == 60
    assert days[0] == TODAY - timedelta(days=60) and days[-1] == TODAY - timedelta(days=1)
    stamps = {n.split("-")[1] for n, _ in messages}
    assert stamps == {f"{d:%Y%m%d}" for d in days}


def test_file_names_are_unique_and_key_safe(messages) -> None:
    names = [n for n, _ in messages]
    assert len(names) == len(set(names))
    assert all(n.replace("-", "").replace(".", "").isalnum() for n in names)


def test_top_up_yields_only_later_days(messages) -> None:
    after = TODAY - timedelta(days=3)
    names = [n for n, _ in demo_messages(TODAY, after=after)]
    assert names and all(n.split("-")[1] > f"{after:%Y%m%d}" for n in names)


def _attachment(raw: bytes):
    msg = email.message_from_bytes(raw, policy=policy.default)
    part = next((p for p in msg.walk() if p.get_filename()), None)
    return msg, part


@pytest.mark.parametrize(("submitter", "ctype", "suffix"), [
    ("google.com", "application/zip", ".zip"),
    ("protection.outlook.com", "application/gzip", ".xml.gz"),
    ("enterprise.protection.outlook.com", "application/gzip", ".xml.gz"),
    ("yahoo.com", "application/gzip", ".xml.gz"),
    ("mail.ru", "application/gzip", ".xml.gz"),
    ("kddi.com", "text/xml", ".xml"),
])
def test_each_reporter_mails_in_its_real_style(messages, submitter, ctype, suffix) -> None:
    slug = submitter.replace(".", "-")
    raw = next(b for n, b in messages if n.endswith(f"-{slug}.eml"))
    msg, part = _attachment(raw)
    assert msg["Subject"].startswith(f"Report Domain: {DEMO_DOMAIN} Submitter: {submitter} ")
    assert msg["Message-ID"] and msg["Date"] and msg["From"]
    assert part.get_content_type() == ctype
    name = part.get_filename()
    assert name.startswith(f"{submitter}!{DEMO_DOMAIN}!") and name.endswith(suffix)
    payload = part.get_payload(decode=True)
    if ctype == "application/zip":
        assert msg.get_content_type() == "application/zip"  # Google: the whole message is the zip
        xml = zipfile.ZipFile(io.BytesIO(payload)).read(name.removesuffix(".zip") + ".xml")
    elif ctype == "application/gzip":
        assert msg.get_content_type() == "multipart/mixed"
        xml = gzip.decompress(payload)
    else:
        xml = payload
    assert xml.startswith(b"<?xml") and b"<feedback" in xml and f"<domain>{DEMO_DOMAIN}</domain>".encode() in xml


def test_every_reporter_reports_every_day(messages) -> None:
    per_reporter = Counter(n.split("-", 2)[2].removesuffix(".eml") for n, _ in messages)
    for reporter in REPORTERS:
        assert per_reporter[reporter.submitter.replace(".", "-")] == DEMO_DAYS


def test_the_parser_reads_every_report(reports) -> None:
    aggregate = {n: o for n, o in reports.items() if not n.endswith("-tlsrpt.eml")}
    assert all(len(o.reports) == 1 and not o.problems for o in aggregate.values())
    orgs = Counter(o.reports[0].metadata.org_name for o in aggregate.values())
    assert set(orgs) == {"google.com", "Outlook.com", "Enterprise Outlook", "Yahoo", "kddi.com", "Mail.Ru",
                         "Mail.Ru relay"}  # the relay: the demo's one unauthenticated (held) report
    assert all(o.reports[0].policy.domain == DEMO_DOMAIN and o.reports[0].message_count > 0
               for o in aggregate.values())


def test_the_demo_shows_a_forgery_and_a_held_report(messages) -> None:
    """Every report is SES-authenticated but two: a forged copy of a Google report (same id, 100x the figures,
    delivered first: a conflict the genuine copy wins) and a report from an unauthenticated relay (held)."""
    from chalicelib.dmarc import read_message
    from chalicelib.provenance import judge, load_reporters, mail_auth

    reporters, seen = load_reporters(), Counter()
    for name, data in messages:
        for r in read_message(data).reports:
            seen[name.split("-", 2)[2], judge(mail_auth(data), r.metadata.org_name, r.metadata.email,
                                              reporters).reason] += 1
    unverified = {k: v for k, v in seen.items() if k[1] != "verified"}
    assert unverified == {("google-com-forged.eml", "dmarc_fail"): 1, ("unauthenticated.eml", "dmarc_fail"): 1}
    assert sum(seen.values()) == len(REPORTERS) * DEMO_DAYS + 2


def test_the_tls_reports_parse_as_tls_reports(reports) -> None:
    from local.demo import TLS_REPORT_DAYS

    tls = [o for n, o in reports.items() if n.endswith("-tlsrpt.eml")]
    assert len(tls) == 2 * TLS_REPORT_DAYS
    assert all(not o.reports and not o.problems and o.tls[0].policy_domains == (DEMO_DOMAIN,) for o in tls)
    failures = {f.result_type for o in tls for p in o.tls[0].policies for f in p.failures}
    assert failures == {"validation-failure", "certificate-expired", "sts-policy-fetch-error"}


def test_each_outcome_of_the_story_is_present(reports) -> None:
    registered = [ip_network(e["cidr"]) for e in demo_registry()]
    seen: Counter[tuple[int, bool]] = Counter()
    for outcome in reports.values():
        for report in outcome.reports:
            for r in report.records:
                pattern = classify(r.spf_pass, r.spf_aligned, r.dkim_pass, r.dkim_aligned)
                tagged = any(r.source_ip in net for net in registered)
                seen[(int(pattern), tagged)] += r.count
    for pattern in range(5):  # pass and the four failure patterns, each from an own (tagged) sender
        assert seen[(pattern, True)] > 0, pattern
    assert seen[(0, False)] > 0  # a forwarder that keeps DKIM passes from an unregistered address
    assert sum(n for (p, tagged), n in seen.items() if p and not tagged) > 1000  # possible spoofing


def test_registry_covers_own_senders_and_nothing_else() -> None:
    entries = [make_entry(e["cidr"], e["tag"], e["comment"]) for e in demo_registry()]
    assert any(any(ord(ch) > 0x3000 for ch in e.comment) for e in entries)  # Japanese comments
    own = {"ses", "office365", "office365-v6", "newsletter", "helpdesk", "billing", "crm"}
    for sender in SENDERS:
        covered = [any(ip_address(ip) in e.cidr for e in entries) for ip in sender.ips]
        assert all(covered) if sender.name in own else not any(covered), sender.name


def test_registry_is_a_fresh_copy() -> None:
    first = demo_registry()
    first[0]["tag"] = "changed"
    assert demo_registry()[0]["tag"] != "changed"


def test_one_demo_report_goes_beyond_the_local_records_cap(reports) -> None:
    """The local stage caps a report at 2,000 records and answers CSVs above 100 kB with an export link (the
    moto server's presigned URL); the demo's spray report shows the cap as a limit_exceeded failure."""
    from chalicelib.settings import Settings
    from local.bootstrap import chalice_env
    from local.demo import SPRAY_DAYS_AGO
    from tests.conftest import ROOT

    local = Settings.from_env(chalice_env(ROOT))
    assert local.caps.report_records == 2000 and local.exports.inline_bytes == 100_000
    over = [name for name, outcome in reports.items() for r in outcome.reports
            if len(r.records) > local.caps.report_records]
    day = TODAY - timedelta(days=SPRAY_DAYS_AGO)
    assert over == [f"demo-{day:%Y%m%d}-{REPORTERS[1].submitter.replace('.', '-')}.eml"]
