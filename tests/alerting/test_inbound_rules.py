"""The TLS failure and DNS alert rule types: validation, evaluation and both languages' texts."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.alerting.codec import rule_from_dict
from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import Context
from chalicelib.alerting.render import describe, headline, render_event
from chalicelib.alerting.rules import DnsChanged, DnsFinding, Rule, RuleKind, TlsFailureRule
from chalicelib.alerting.state import step
from chalicelib.errors import RuleError
from chalicelib.posture.model import Finding, PostureCheck, RecordChange, Severity

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
DAY = TODAY - timedelta(days=2)


def ctx(**kw) -> Context:  # type: ignore[no-untyped-def]
    return Context("example.com", TODAY, **kw)


def test_tls_failure_by_rate_and_by_count() -> None:
    data = ((DAY, 100, 8), (DAY - timedelta(days=20), 100, 100))  # the old day is outside the 7-day window
    [obs] = evaluate(TlsFailureRule(threshold_pct=5), ctx(tls=data))
    assert obs.firing and obs.value("tls_fail_pct") == 8.0 and obs.value("sessions") == 100
    assert not evaluate(TlsFailureRule(threshold_pct=10), ctx(tls=data))[0].firing
    assert not evaluate(TlsFailureRule(threshold_pct=5, min_sessions=500), ctx(tls=data))[0].firing
    assert evaluate(TlsFailureRule(threshold_pct=50, threshold=7), ctx(tls=data))[0].firing
    assert not evaluate(TlsFailureRule(threshold_pct=50, threshold=8), ctx(tls=data))[0].firing
    assert obs.view == "tls"


def test_dns_changed_and_dns_finding() -> None:
    change = RecordChange("example.com", NOW - timedelta(hours=3), "_dmarc.example.com", "TXT", ("a",), ("b",))
    assert evaluate(DnsChanged(), ctx(dns_changes=(change,)))[0].firing
    assert not evaluate(DnsChanged(), ctx(dns_changes=()))[0].firing
    check = PostureCheck("example.com", NOW, (Finding("spf", "spf_pass_all", Severity.CRITICAL, "example.com"),
                                              Finding("bimi", "bimi_missing", Severity.INFO, "x")), ())
    [obs] = evaluate(DnsFinding("high"), ctx(posture=check))
    assert obs.firing and obs.value("findings") == 1 and obs.value("codes") == "spf_pass_all"
    assert evaluate(DnsFinding("info"), ctx(posture=check))[0].value("findings") == 2
    assert evaluate(DnsFinding(), ctx())[0].firing is None  # never checked: cannot tell


def test_validation_and_codec() -> None:
    with pytest.raises(RuleError):
        DnsFinding("severe")
    with pytest.raises(RuleError):
        TlsFailureRule(threshold_pct=120)
    rule = rule_from_dict("example.com", "r1", {"name": "TLS", "kind": "tls_failure", "threshold": 50})
    assert rule.condition == TlsFailureRule(threshold=50)
    assert rule_from_dict("example.com", "r2", {"name": "DNS", "kind": "dns_finding",
                                                 "min_severity": "medium"}).condition == DnsFinding("medium")


@pytest.mark.parametrize("condition", [TlsFailureRule(threshold_pct=1), DnsChanged(days=2), DnsFinding("low")])
def test_texts_in_both_languages(condition) -> None:  # type: ignore[no-untyped-def]
    rule = Rule("example.com", "r1", "watch", condition)
    for lang in (0, 1):
        assert "{" not in describe(rule, lang)
    change = RecordChange("example.com", NOW, "example.com", "TXT", None, ("v=spf1 -all",))
    check = PostureCheck("example.com", NOW, (Finding("spf", "spf_pass_all", Severity.CRITICAL, "example.com"),), ())
    context = ctx(tls=((DAY, 100, 50),), dns_changes=(change,), posture=check)
    observations = evaluate(condition, context)
    assert observations[0].firing
    for lang in (0, 1):
        assert "{" not in headline(rule.kind, "", dict(observations[0].values), lang)
    message = render_event(step(rule, observations, {}, NOW, 24).events[0], rule, "https://ui.example/")
    assert "{" not in message.body and rule.kind in (RuleKind.TLS_FAILURE, RuleKind.DNS_CHANGED, RuleKind.DNS_FINDING)
