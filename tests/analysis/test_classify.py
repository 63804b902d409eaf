"""The failure-pattern rule is written once (``facts.classify``); the analyses and the alert rules all read it
through ``facts.pattern_of`` / ``facts.is_failure``. Proved by changing the rule and watching every consumer
follow."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import product

import pytest

from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import Context
from chalicelib.alerting.rules import FailCount, Spoofing
from chalicelib.analysis import facts as facts_module
from chalicelib.analysis.common import NoTags
from chalicelib.analysis.facts import Pattern, classify, is_failure, pattern_of
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis
from tests.analysis.known import D2, FACTS

FLAG_SETS = list(product((False, True), repeat=5))  # spf_auth, spf_aligned, dkim_auth, dkim_aligned, unknown


def test_the_rule() -> None:
    assert classify(True, True, False, False) is Pattern.PASS
    assert classify(False, False, False, True) is Pattern.PASS
    assert classify(True, False, True, False) is Pattern.BOTH_UNALIGNED
    assert classify(False, False, True, False) is Pattern.SPF_FAIL_DKIM_UNALIGNED
    assert classify(True, False, False, False) is Pattern.SPF_UNALIGNED_DKIM_FAIL
    assert classify(False, False, False, False) is Pattern.BOTH_FAIL
    assert classify(False, False, False, False, True) is Pattern.UNKNOWN
    assert classify(True, False, True, False, True) is Pattern.UNKNOWN  # unknown beats the failure patterns
    assert classify(False, False, False, True, True) is Pattern.PASS  # an aligned pass is a pass regardless
    assert not Pattern.UNKNOWN.is_failure and not Pattern.PASS.is_failure


@pytest.mark.parametrize("flags", FLAG_SETS)
def test_fact_helpers_agree_with_the_rule(flags: tuple[bool, bool, bool, bool, bool]) -> None:
    f = replace(FACTS[0], spf_auth=flags[0], spf_aligned=flags[1], dkim_auth=flags[2], dkim_aligned=flags[3],
                unknown=flags[4])
    assert pattern_of(f) is f.pattern is classify(*flags)
    assert is_failure(f) == classify(*flags).is_failure == (classify(*flags) not in (Pattern.PASS, Pattern.UNKNOWN))


def _everything_fails_as_pattern_1(spf_auth: bool, spf_aligned: bool, dkim_auth: bool, dkim_aligned: bool,
                                   unknown: bool) -> Pattern:
    return Pattern.BOTH_UNALIGNED


def test_every_consumer_follows_the_one_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {flags: _everything_fails_as_pattern_1(*flags) for flags in FLAG_SETS}
    monkeypatch.setattr(facts_module, "_BY_FLAGS", table)
    monkeypatch.setattr(facts_module, "_FAILURES", {k: p.is_failure for k, p in table.items()})
    total = sum(f.count for f in FACTS)
    patterns = pattern_analysis(FACTS, NoTags())
    assert [r.messages for r in patterns.rows] == [total, 0, 0, 0]
    assert patterns.dmarc_pass == 0
    tags = tag_analysis(FACTS, NoTags())
    assert [r.patterns for r in tags.rows] == [(total, 0, 0, 0)]
    assert tags.rows[0].dmarc_pass == 0
    spoof = spoofing(FACTS, NoTags(), limit=100)
    assert sum(s.dmarc_fail for s in spoof.items) == spoof.unregistered_fail == total
    assert sum(s.patterns[0] for s in spoof.items) == total
    context = Context("example.jp", D2, FACTS)
    in_window = sum(f.count for f in FACTS if f.day == D2 - timedelta(days=1))
    fail_count = evaluate(FailCount(threshold=0), context)[0]
    assert dict(fail_count.values)["dmarc_fail"] == in_window
    spoof_rule = evaluate(Spoofing(threshold=0, days=7), context)[0]
    assert dict(spoof_rule.values)["spoofing"] == sum(f.count for f in FACTS if f.day < D2)
