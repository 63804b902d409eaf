"""PortfolioDigests port: a digest's days, coverage, policies and pending reports come back as written; a write
is kept only on the version it was made from (two writers never lose each other's days); the open alert count is
set apart and kept by day writes; many domains are read at once."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.analysis.portfolio_digest import (
    DaySums,
    Digest,
    DigestDay,
    Pending,
    PolicyGroup,
    days_of,
    digest_of,
)
from chalicelib.wiring import Container

D0 = date(2026, 3, 1)
DOMAIN = "example.com"


PENDING = (Pending("google.com", "r1", datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC),
                   ("reject",) + (None,) * 7, 1_772_400_000.5),
           Pending("Outlook.com", "ärger", datetime(2026, 3, 1, 12, tzinfo=UTC), None, None, 1_772_400_001.0))


def digest(version: int = 0, messages: int = 10, since: date | None = D0, until: date | None = None) -> Digest:
    policy = ("reject", "none", None, "r", None, "100", None, "y")
    days = {D0: DigestDay(DaySums(3, 2, messages, messages - 1, 1, 4, 5), (PolicyGroup(D0, policy, 2),
                                                                           PolicyGroup(D0 + timedelta(days=1),
                                                                                       policy[:7] + (None,), 1))),
            D0 + timedelta(days=3): DigestDay(None, (PolicyGroup(D0 + timedelta(days=3), (None,) * 8, 1),)),
            D0 + timedelta(days=9): DigestDay(DaySums(1, 0, 70_000, 69_999, 0, 0, 1))}
    return digest_of(days, since, until, version=version, pending=PENDING)


def test_a_digest_reads_back_as_written(built: Container) -> None:
    store = built.digests
    assert store.get(DOMAIN) is None and store.read([DOMAIN]) == {}
    written = digest(until=D0 + timedelta(days=20))
    assert store.write(DOMAIN, written)
    found = store.get(DOMAIN)
    assert found is not None and days_of(found) == days_of(written)
    assert (found.since, found.until, found.open_alerts, found.version) == (D0, D0 + timedelta(days=20), None, 1)
    assert found.pending == PENDING
    read = store.read([DOMAIN, "other.example"])
    assert list(read) == [DOMAIN] and days_of(read[DOMAIN]) == days_of(written)
    assert read[DOMAIN].pending == ()  # writers' business: readers do not read them
    empty = digest_of({}, None, None, version=1)
    assert store.write(DOMAIN, empty)
    again = store.get(DOMAIN)
    assert again is not None and days_of(again) == {} and (again.since, again.until, again.version) == (None, None, 2)


def test_a_write_keeps_only_on_the_version_it_read(built: Container) -> None:
    store = built.digests
    assert store.write(DOMAIN, digest())
    assert not store.write(DOMAIN, digest(messages=20))  # made from no digest: another writer came first
    assert store.write(DOMAIN, digest(version=1, messages=30))
    assert not store.write(DOMAIN, digest(version=1, messages=40))
    found = store.get(DOMAIN)
    assert found is not None and found.version == 2 and found.sums[2][0] == 30


def test_the_open_alert_count_is_set_apart(built: Container) -> None:
    store = built.digests
    store.set_open_alerts(DOMAIN, 3)  # no digest yet: an item with the count only
    found = store.get(DOMAIN)
    assert found is not None and (found.open_alerts, found.version, list(found.day)) == (3, 0, [])
    assert store.write(DOMAIN, digest())  # a day write keeps the count
    store.set_open_alerts(DOMAIN, 1)  # and the count keeps the days and version
    found = store.get(DOMAIN)
    assert found is not None and (found.open_alerts, found.version) == (1, 1) and days_of(found) == days_of(digest())


def test_many_domains_at_once(built: Container) -> None:
    store = built.digests
    names = [f"d{n:03d}.example" for n in range(130)]
    for n, name in enumerate(names[::2]):
        assert store.write(name, digest(messages=n + 2))
    found = store.read(names)
    assert sorted(found) == sorted(names[::2])
    assert [found[name].sums[2][0] for name in names[::2]] == [n + 2 for n in range(len(names[::2]))]
