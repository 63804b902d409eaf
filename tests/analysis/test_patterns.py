from __future__ import annotations

from chalicelib.analysis.common import NameCount, NoTags
from chalicelib.analysis.facts import Pattern
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.registry import make_entry
from tests.analysis.known import FACTS, matcher


def _rows(report):  # (pattern, messages, pct, tagged, tagged_pct, spoofing, spoofing_pct, sources)
    return [(r.pattern, r.messages, r.pct, r.tagged, r.tagged_pct, r.spoofing, r.spoofing_pct, r.sources)
            for r in report.rows]


def test_patterns_by_hand() -> None:
    r = pattern_analysis(FACTS, matcher())
    assert (r.messages, r.dmarc_pass, r.dmarc_pass_pct, r.dmarc_fail, r.dmarc_fail_pct) == (225, 145, 64.44, 80, 35.56)
    assert (r.tagged_fail, r.tagged_fail_pct, r.spoofing_fail, r.spoofing_fail_pct) == (25, 11.11, 55, 24.44)
    assert _rows(r) == [
        (Pattern.BOTH_UNALIGNED, 20, 8.89, 20, 8.89, 0, 0.0, 1),
        (Pattern.SPF_FAIL_DKIM_UNALIGNED, 10, 4.44, 0, 0.0, 10, 4.44, 1),
        (Pattern.SPF_UNALIGNED_DKIM_FAIL, 5, 2.22, 5, 2.22, 0, 0.0, 1),
        (Pattern.BOTH_FAIL, 45, 20.0, 0, 0.0, 45, 20.0, 2),
    ]
    assert r.rows[0].tags == (NameCount("crm", 20, 8.89),)  # 192.0.2.200: the /25 beats the /24
    assert r.rows[2].advice.pattern is Pattern.SPF_UNALIGNED_DKIM_FAIL


def test_registry_edit_moves_messages_from_spoofing_to_tagged() -> None:
    before = pattern_analysis(FACTS, matcher())
    after = pattern_analysis(FACTS, matcher(make_entry("203.0.113.0/24", "partner")))
    assert (before.tagged_fail, before.spoofing_fail) == (25, 55)
    assert (after.tagged_fail, after.spoofing_fail) == (65, 15)
    assert _rows(after)[1] == (Pattern.SPF_FAIL_DKIM_UNALIGNED, 10, 4.44, 10, 4.44, 0, 0.0, 1)
    assert _rows(after)[3] == (Pattern.BOTH_FAIL, 45, 20.0, 30, 13.33, 15, 6.67, 2)
    assert after.rows[3].tags == (NameCount("partner", 30, 13.33),)


def test_without_registry_every_failure_is_possible_spoofing() -> None:
    r = pattern_analysis(iter(FACTS), NoTags())
    assert (r.tagged_fail, r.spoofing_fail) == (0, 80)


def test_no_messages() -> None:
    r = pattern_analysis([], NoTags())
    assert r.messages == 0 and all(row.messages == 0 and row.pct == 0.0 for row in r.rows) and len(r.rows) == 4
