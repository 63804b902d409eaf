"""Unclaimed reports become visible (fakes): the list of unregistered policy domains with their reports, and
what registering one merged; where a domain's data is when a period has none."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.services.analyses import DayRange
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report, to_mail

BUCKET = "aligned-raw-mail"
D = DAY0.date()


def deliver(app: Container, data: bytes, key: str) -> None:
    app.raw_mail.put(BUCKET, key, data)
    app.ingest.ingest_object(BUCKET, key)


def test_unclaimed_domains_are_listed_and_registering_says_what_was_merged(app: Container) -> None:
    app.domains.add("example.com")
    deliver(app, to_mail(report("a", domain="example.com")), "incoming/a")
    deliver(app, to_mail(report("b", domain="late.example", count=2)), "incoming/b")
    deliver(app, to_mail(report("c", domain="late.example", count=3, begin=DAY0 + timedelta(days=2))),
            "incoming/c")
    deliver(app, to_mail(report("d", domain="other.example", days=2)), "incoming/d")
    (late, other) = app.domain_service.unclaimed()
    messages = report("b", count=2).message_count + report("c", count=3).message_count
    assert (late.domain, late.reports, late.messages, late.first_day, late.last_day) == (
        "late.example", 2, messages, D, D + timedelta(days=2))
    assert (other.domain, other.first_day, other.last_day) == ("other.example", D, D + timedelta(days=1))
    added = app.domain_service.add("late.example")
    assert added.claimed == late and added.claimed_days == 2
    assert [u.domain for u in app.domain_service.unclaimed()] == ["other.example"]
    again = app.domain_service.add("other.example")
    assert again.claimed is not None and again.claimed.reports == 1
    assert app.domain_service.unclaimed() == ()
    assert app.domain_service.add("new.example").claimed is None


def test_the_data_span_says_where_the_data_is(app: Container) -> None:
    app.domains.add("example.com")
    assert app.analyses.data_span("example.com") is None
    deliver(app, to_mail(report("a", begin=DAY0 + timedelta(days=3), days=2)), "incoming/a")
    deliver(app, to_mail(report("b")), "incoming/b")
    assert app.analyses.data_span("example.com") == (D, D + timedelta(days=4))
    empty = DayRange(D + timedelta(days=100), D + timedelta(days=110))
    assert app.analyses.overview("example.com", empty)[0].messages == 0
