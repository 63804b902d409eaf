"""The lists scoped to the caller's organization (sent notifications, ingest failures, held reports) page full:
two organizations' rows interleaved in the store (with runs of the other organization's rows longer than a store
read), every page of acme's caller holds exactly `limit` of acme's rows until the last, and walking the tokens
gives each of acme's rows exactly once, in the order the operator sees them. On the fake, moto and dynalite (the
tokens resume inside a store read: pynamodb makes the key of an item within a page)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.access.permissions import Role
from chalicelib.access.principal import LOCAL_OPERATOR, Membership, Principal
from chalicelib.access.scope import Scope
from chalicelib.alerting.render import Message
from chalicelib.ports.alerts import SentNotification
from chalicelib.ports.ingest import Failure, Page, Status
from chalicelib.provenance import Provenance, Trust
from chalicelib.services import listing
from chalicelib.services.failures import failure_domain
from chalicelib.wiring import Container
from tests.ingest.reportgen import report

ACME, BRAVO = "acme-mail.example", "bravo.example"
ALICE = Principal("alice", (Membership("acme", Role.VIEWER),))
T0 = datetime(2026, 3, 1, tzinfo=UTC)
# Whose each stored row is, oldest first: acme and bravo alternating, then a run of bravo's rows longer than a
# scoped store read (listing.SCOPED_READ), then acme, bravo, bravo...
OWNERS = ["a", "b"] * 12 + ["b"] * 110 + ["a", "b", "b"] * 9 + ["a"] * 4


def owners() -> list[tuple[int, str]]:
    return list(enumerate(OWNERS))


def notifications(built: Container) -> Callable[..., Page[Any]]:
    log = built.alert_stores.log
    assert log is not None
    for i, who in owners():
        domain, org = (ACME, "acme") if who == "a" else (BRAVO, "bravo")
        log.record(SentNotification(T0 + timedelta(minutes=i), Message(domain, "alert", "fired", f"s{i}", "ja", "b"),
                                    f"m{i}", org))
    return built.alert_rules.notifications


def failures(built: Container) -> Callable[..., Page[Any]]:
    for i, who in owners():
        domain = ACME if who == "a" else BRAVO
        built.failures.record(Failure(f"incoming/m{i}", "not_a_report", "no report", T0 + timedelta(minutes=i),
                                      f"d{i:03d}", subject=f"Report Domain: {domain} Submitter: google.com"))
    service = built.failure_service
    return lambda limit, token, scope: service.list(limit, token, None, scope)


def held(built: Container) -> Callable[..., Page[Any]]:
    unverified = Provenance(Trust.UNVERIFIED, "no_dkim", "mailer.example")
    for i, who in owners():
        domain = ACME if who == "a" else BRAVO
        built.reports.create(f"h{i:03d}", report(f"h{i}", domain, records=1), f"incoming/h{i}", Status.HELD,
                             unverified)
    return built.held_reports.held


LISTS = {"notifications": notifications, "failures": failures, "held": held}


def acme_s(row: Any) -> bool:
    if isinstance(row, SentNotification):
        return row.org == "acme"
    return (failure_domain(row) if isinstance(row, Failure) else row.domain) == ACME


@dataclass
class Walk:
    pages: list[tuple[Any, ...]]

    @property
    def rows(self) -> list[Any]:
        return [row for page in self.pages for row in page]


def walk(listed: Callable[..., Page[Any]], limit: int, scope: Scope) -> Walk:
    pages, token = [], None
    while True:
        page = listed(limit, token, scope)
        pages.append(page.items)
        if (token := page.next_token) is None:
            return Walk(pages)
        assert len(pages) < 200, "the tokens do not advance"


def key(row: Any) -> str:
    if isinstance(row, SentNotification):
        return row.message_id
    return row.id if isinstance(row, Failure) else row.key  # type: ignore[no-any-return]


@pytest.fixture
def registered(built: Container) -> Container:
    built.domains.add(ACME, "acme", T0)
    built.domains.add(BRAVO, "bravo", T0)
    return built


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("limit", [7, 25])
def test_every_page_of_an_organization_is_full_until_the_last(registered: Container, name: str, limit: int) -> None:
    listed = LISTS[name](registered)
    everything = walk(listed, 50, Scope(LOCAL_OPERATOR, registered.domains.get)).rows
    assert len(everything) == len(OWNERS)
    mine = [key(r) for r in everything if acme_s(r)]
    assert len(mine) == OWNERS.count("a")
    seen = walk(listed, limit, Scope(ALICE, registered.domains.get))
    assert [len(p) for p in seen.pages[:-1]] == [limit] * (len(seen.pages) - 1)
    assert 0 < len(seen.pages[-1]) <= limit  # the last page is not an empty one
    assert [key(r) for r in seen.rows] == mine


@pytest.mark.parametrize("name", LISTS)
def test_a_page_passing_over_many_others_comes_back_short_and_resumes(
        registered: Container, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a small budget of rows passed over, a page may come back short (with a token); walking on still gives
    each row once."""
    monkeypatch.setattr(listing, "SKIP_BUDGET", 5)
    monkeypatch.setattr(listing, "SCOPED_READ", 4)
    listed = LISTS[name](registered)
    everything = [key(r) for r in walk(listed, 50, Scope(LOCAL_OPERATOR, registered.domains.get)).rows]
    seen = walk(listed, 3, Scope(ALICE, registered.domains.get))
    assert any(len(p) < 3 for p in seen.pages[:-1])  # the run of bravo's rows is longer than the budget
    mine = [key(r) for r in seen.rows]
    assert len(mine) == len(set(mine)) == OWNERS.count("a")
    assert mine == [k for k in everything if k in set(mine)]


def test_rows_resume_after_each_row(registered: Container) -> None:
    """Any row's token resumes at the row after it, also within a store read."""
    log = registered.alert_stores.log
    assert log is not None
    notifications(registered)
    rows = list(log.rows(None, 10))
    assert [s.message_id for s, _ in rows] == [f"m{i}" for i in reversed(range(len(OWNERS)))]
    assert rows[-1][1] is None or list(log.rows(rows[-1][1], 10)) == []
    for at in (0, 3, 9, 10, 57):
        after = rows[at][1]
        assert [s.message_id for s, _ in list(log.rows(after, 10))[:3]] == [s.message_id for s, _ in
                                                                              rows[at + 1:at + 4]]
