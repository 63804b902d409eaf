"""The policy log's day encoding (chalicelib.storage.policycodec): lossless, a table of the distinct policies and
reporters, small enough that a year of 30 reports a day reads fast."""
from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.storage import policycodec

pytestmark = pytest.mark.unit
DOMAIN = "example.com"
DAY = date(2026, 3, 1)
MIDNIGHT = datetime(2026, 3, 1, tzinfo=UTC)
NONE = PolicyPublished(DOMAIN, p="none", adkim="r", aspf="r", pct=100)
STRICT = PolicyPublished(DOMAIN, p="quarantine", sp="reject", np="reject", fo="1", testing="y",
                         discovery_method="treewalk")


def entry(n: int, policy: PolicyPublished = NONE, begin: datetime = MIDNIGHT, length: timedelta | None =
          timedelta(seconds=86_399), reporter: str | None = None) -> ReportedPolicy:
    return ReportedPolicy(policy, reporter or f"receiver-{n:02d}.example", f"{17_000_000_000_000_000_000 + n * 7919}",
                          begin, None if length is None else begin + length)


def test_round_trip_keeps_order_policies_and_times() -> None:
    entries = [entry(1), entry(2, STRICT, MIDNIGHT + timedelta(hours=7, seconds=3)), entry(3, length=None),
               entry(4, begin=MIDNIGHT + timedelta(hours=23, minutes=59, seconds=59), length=timedelta(days=2)),
               entry(5, length=-timedelta(hours=1)), entry(6, reporter="receiver-01.example")]
    back = policycodec.decode(policycodec.encode(DOMAIN, DAY, entries), DOMAIN, DAY)
    assert back == entries
    assert back[0].policy is back[2].policy and back[0].begin.tzinfo is not None


def test_microseconds_survive() -> None:
    entries = [entry(1, begin=MIDNIGHT + timedelta(microseconds=5)),
               entry(2, length=timedelta(seconds=3, microseconds=999_999))]
    assert policycodec.decode(policycodec.encode(DOMAIN, DAY, entries), DOMAIN, DAY) == entries


def test_a_policy_of_another_domain_spelling_is_kept_as_it_is() -> None:
    other = PolicyPublished("Example.COM", p="none")
    [back] = policycodec.decode(policycodec.encode(DOMAIN, DAY, [entry(1, other)]), DOMAIN, DAY)
    assert back.policy == other


def test_distinct_policies_and_reporters_are_stored_once() -> None:
    entries = [entry(n % 3, NONE if n % 5 else STRICT, MIDNIGHT + timedelta(minutes=n)) for n in range(40)]
    blob = policycodec.encode(DOMAIN, DAY, entries)
    raw = blob if blob[:1] == policycodec.FORMAT else zlib.decompress(blob)
    assert raw.count(b'"quarantine"') == 1 and raw.count(b"receiver-02.example") == 1
    decoded = policycodec.decode(blob, DOMAIN, DAY)
    assert len({id(e.policy) for e in decoded}) == 2


def test_a_day_of_thirty_reports_is_small() -> None:
    entries = [entry(n) for n in range(30)]
    blob = policycodec.encode(DOMAIN, DAY, entries)
    assert len(blob) < 700, len(blob)
    assert policycodec.decode(blob, DOMAIN, DAY) == entries


def test_empty_days_round_trip() -> None:
    assert policycodec.decode(policycodec.encode(DOMAIN, DAY, []), DOMAIN, DAY) == []


def test_an_entry_of_another_day_is_refused() -> None:
    with pytest.raises(ValueError, match="not of the log's day"):
        policycodec.encode(DOMAIN, DAY, [entry(1, begin=MIDNIGHT + timedelta(days=1))])
    with pytest.raises(ValueError, match="not of the log's day"):
        policycodec.encode(DOMAIN, DAY, [entry(1, begin=MIDNIGHT - timedelta(seconds=1))])


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown policy log format"):
        policycodec.decode(zlib.compress(b"\x09[]"), DOMAIN, DAY)


def test_a_months_sums_round_trip() -> None:
    from chalicelib.analysis.policy_sums import EMPTY, sums_of

    other = PolicyPublished("sub.example.com", p="reject")
    entries = [entry(1), entry(2, STRICT, MIDNIGHT + timedelta(days=3, microseconds=5)), entry(3, other, length=None),
               entry(4, begin=MIDNIGHT + timedelta(days=30, hours=23), length=timedelta(hours=25)),
               entry(5, NONE, MIDNIGHT + timedelta(days=31), reporter="receiver-01.example")]
    sums = sums_of(entries)
    assert len(sums.newest) == 3 and len(sums.last) == 2  # reports 4 and 5 end on the same day
    back = policycodec.decode_sums(policycodec.encode_sums(DOMAIN, sums), DOMAIN)
    assert back == sums and back.newest[-1].begin.tzinfo is not None
    assert policycodec.decode_sums(policycodec.encode_sums(DOMAIN, EMPTY), DOMAIN) == EMPTY
