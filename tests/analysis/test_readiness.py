from __future__ import annotations

import pytest

from chalicelib.analysis.common import NoTags
from chalicelib.analysis.readiness import NO_DATA, NOT_READY, READY, readiness
from chalicelib.registry import Matcher, make_entry
from tests.analysis.known import FACTS, matcher


def test_readiness_by_hand() -> None:
    r = readiness(FACTS, matcher())
    assert (r.messages, r.own_messages, r.own_hit, r.own_hit_pct) == (225, 165, 25, 15.15)
    assert (r.unregistered_messages, r.unregistered_hit, r.unregistered_hit_pct) == (60, 55, 91.67)
    assert [(t.tag, t.messages, t.would_be_hit, t.hit_pct, t.patterns, t.blocking) for t in r.tags] == [
        ("crm", 25, 25, 100.0, (20, 0, 5, 0), True),
        ("mail", 100, 0, 0.0, (0, 0, 0, 0), False),
        ("v6", 40, 0, 0.0, (0, 0, 0, 0), False),
    ]
    assert (r.verdict, r.blocking_tags) == (NOT_READY, ("crm",))


def test_ready_when_own_senders_pass() -> None:
    r = readiness(FACTS, Matcher([make_entry("2001:db8:1::/48", "v6")]))
    assert (r.verdict, r.blocking_tags, r.own_messages, r.own_hit) == (READY, (), 40, 0)


def test_tolerance() -> None:
    # Tag 198.51.100.7 as "office": 15 of its 20 messages fail (75 %).
    m = Matcher([make_entry("198.51.100.7", "office")])
    assert readiness(FACTS, m, tolerance_pct=80.0).verdict == READY
    assert readiness(FACTS, m, tolerance_pct=70.0).blocking_tags == ("office",)
    with pytest.raises(ValueError, match="^tolerance_pct:"):
        readiness(FACTS, m, tolerance_pct=-1)


def test_no_registered_senders_is_no_data() -> None:
    assert readiness(FACTS, NoTags()).verdict == NO_DATA
