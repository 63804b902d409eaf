"""The policy_drift alert rule type: validation, evaluation on hand-made report policies, both languages' texts."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.alerting.codec import rule_from_dict
from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import Context
from chalicelib.alerting.render import describe, headline, render_event
from chalicelib.alerting.rules import PolicyDriftRule, Rule, fact_span
from chalicelib.alerting.state import step
from chalicelib.analysis.published import Seen
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.errors import RuleError
from tests.alerting.helpers import DOMAIN, NOW, TODAY, ago

NONE = PolicyPublished(DOMAIN, p="none", sp="none")
QUARANTINE = PolicyPublished(DOMAIN, p="quarantine", sp="quarantine")


def seen(*streams: tuple[str, PolicyPublished, range]) -> tuple[Seen, ...]:
    """(reporter, policy, days ago) -> the reports, oldest first."""
    out = [Seen(r, ago(n), p) for r, p, days in streams for n in days]
    return tuple(sorted(out, key=lambda s: s.day))


def ctx(policies: tuple[Seen, ...]) -> Context:
    return Context(DOMAIN, TODAY, policies=policies)


def test_one_day_of_another_policy_does_not_fire_two_days_do() -> None:
    google = ("google.com", NONE, range(1, 8))
    [blip] = evaluate(PolicyDriftRule(), ctx(seen(google, ("kddi.com", QUARANTINE, range(1, 2)),
                                                   ("kddi.com", NONE, range(2, 8)))))
    assert blip.firing is False and blip.value("drift_reporters") == 0
    [obs] = evaluate(PolicyDriftRule(), ctx(seen(google, ("kddi.com", QUARANTINE, range(1, 3)),
                                                  ("kddi.com", NONE, range(3, 8)))))
    assert obs.firing and obs.value("drift_reporters") == 1 and obs.value("drift_days") == 2
    assert obs.value("drift_seen") == "kddi.com p=quarantine sp=quarantine"
    assert obs.value("latest_policy") == "p=none sp=none" and obs.view == "posture"
    assert not evaluate(PolicyDriftRule(min_days=3), ctx(seen(google, ("kddi.com", QUARANTINE, range(1, 3)))))[0] \
        .firing


def test_outside_the_window_and_no_reports() -> None:
    old = seen(("google.com", NONE, range(1, 4)), ("kddi.com", QUARANTINE, range(10, 14)))
    assert evaluate(PolicyDriftRule(days=7), ctx(old))[0].firing is False
    assert evaluate(PolicyDriftRule(days=14), ctx(old))[0].firing is False  # history before the latest appeared
    assert evaluate(PolicyDriftRule(), ctx(()))[0].firing is None  # no policy reported: cannot tell


def test_validation_and_codec() -> None:
    with pytest.raises(RuleError):
        PolicyDriftRule(days=1)
    with pytest.raises(RuleError):
        PolicyDriftRule(days=3, min_days=4)
    rule = rule_from_dict(DOMAIN, "r1", {"name": "Drift", "kind": "policy_drift", "days": 5})
    assert rule.condition == PolicyDriftRule(days=5) and fact_span(rule.condition) == 0


def test_texts_in_both_languages() -> None:
    rule = Rule(DOMAIN, "r1", "drift", PolicyDriftRule())
    for lang in (0, 1):
        assert "{" not in describe(rule, lang)
    observations = evaluate(rule.condition, ctx(seen(("google.com", NONE, range(1, 8)),
                                                     ("kddi.com", QUARANTINE, range(1, 4)))))
    for lang in (0, 1):
        assert "{" not in headline(rule.kind, "", dict(observations[0].values), lang)
    message = render_event(step(rule, observations, {}, NOW, 24).events[0], rule, "https://ui.example/")
    assert "{" not in message.body and "kddi.com p=quarantine" in message.body
    assert "公開中と異なる DMARC ポリシー" in message.body and "saw a DMARC policy other than" in message.body
    assert TODAY - timedelta(days=1) == observations[0].window.end
