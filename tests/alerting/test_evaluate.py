"""Each rule's evaluation on facts built by hand: fires above the threshold, quiet at or below it."""
from __future__ import annotations

from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import DOMAIN as WHOLE
from chalicelib.alerting.inputs import Arrivals, Context, Window
from chalicelib.alerting.rules import (
    Direction,
    FailCount,
    FailRate,
    NewSource,
    Silence,
    Spoofing,
    TagFailRate,
    VolumeChange,
)
from tests.alerting.helpers import DOMAIN, OWN_IP, OWN_TAG, SPOOF_IP, TODAY, ago, fact, registry


def ctx(facts, **kw) -> Context:  # type: ignore[no-untyped-def]
    return Context(DOMAIN, TODAY, facts, kw.pop("tags", registry()), **kw)


def one(condition, context):  # type: ignore[no-untyped-def]
    [obs] = evaluate(condition, context)
    return obs


def test_window_is_the_last_complete_days() -> None:
    assert Window.last(7, TODAY) == Window(ago(7), ago(1))
    assert Window.last(7, TODAY, gap=7) == Window(ago(14), ago(8))


def test_fail_rate() -> None:
    rule = FailRate(threshold_pct=10, days=7, min_messages=100)
    base = [fact(ago(1), OWN_IP, 90), fact(ago(2), SPOOF_IP, 10, passing=False)]
    assert not one(rule, ctx(base)).firing  # exactly 10%: not above
    obs = one(rule, ctx(base + [fact(ago(3), SPOOF_IP, 1, passing=False)]))
    assert obs.firing and obs.value("fail_pct") == 10.89 and obs.value("messages") == 101
    assert not one(rule, ctx(base + [fact(ago(8), SPOOF_IP, 500, passing=False)])).firing  # outside the window
    assert not one(rule, ctx(base + [fact(ago(0), SPOOF_IP, 500, passing=False)])).firing  # today is partial
    assert not one(rule, ctx([fact(ago(1), SPOOF_IP, 50, passing=False)])).firing  # too few messages


def test_fail_count() -> None:
    rule = FailCount(threshold=10, days=3)
    base = [fact(ago(1), SPOOF_IP, 6, passing=False), fact(ago(3), OWN_IP, 4, passing=False)]
    assert not one(rule, ctx(base)).firing
    assert one(rule, ctx(base + [fact(ago(2), OWN_IP, 1, passing=False)])).firing
    assert not one(rule, ctx(base + [fact(ago(4), OWN_IP, 1, passing=False)])).firing


def test_spoofing_counts_failing_unregistered_only() -> None:
    rule = Spoofing(threshold=10, days=7)
    base = [fact(ago(1), SPOOF_IP, 10, passing=False), fact(ago(1), OWN_IP, 500, passing=False),
            fact(ago(1), "198.51.100.1", 300)]
    obs = one(rule, ctx(base))
    assert not obs.firing and obs.value("spoofing") == 10
    obs = one(rule, ctx(base + [fact(ago(5), "198.51.100.1", 1, passing=False)]))
    assert obs.firing and obs.value("spoofing_sources") == 2
    assert obs.value("top_sources") == f"{SPOOF_IP} (10), 198.51.100.1 (1)"
    assert obs.view == "spoofing"


def test_new_source() -> None:
    rule = NewSource(threshold=20, days=7, lookback_days=30)
    known = "198.51.100.7"
    base = [fact(ago(20), known, 1), fact(ago(1), known, 500), fact(ago(2), SPOOF_IP, 20),
            fact(ago(1), OWN_IP, 900), fact(ago(60), "198.51.100.9", 5), fact(ago(1), "198.51.100.9", 5)]
    assert not one(rule, ctx(base)).firing  # known is old, SPOOF_IP not above 20, OWN_IP registered
    obs = one(rule, ctx(base + [fact(ago(3), SPOOF_IP, 1, passing=False)]))
    assert obs.firing and obs.value("new_sources") == 1 and obs.value("top_sources") == f"{SPOOF_IP} (21)"
    assert not one(rule, ctx(base + [fact(ago(3), SPOOF_IP, 1), fact(ago(30), SPOOF_IP, 1)])).firing


def test_tag_fail_rate() -> None:
    rule = TagFailRate(tag=OWN_TAG, threshold_pct=5, days=7, min_messages=20)
    base = [fact(ago(1), OWN_IP, 95), fact(ago(2), OWN_IP, 5, passing=False), fact(ago(1), SPOOF_IP, 99, False)]
    obs = one(rule, ctx(base))
    assert not obs.firing and obs.value("fail_pct") == 5.0 and obs.value("messages") == 100
    obs = one(rule, ctx(base + [fact(ago(2), "192.0.2.77", 2, passing=False)]))
    assert obs.firing and obs.value("tag") == OWN_TAG and obs.view == "tags"
    assert not one(TagFailRate(tag="other", threshold_pct=5), ctx(base)).firing


def test_volume_change() -> None:
    rule = VolumeChange(change_pct=50, days=7, baseline_days=28, direction=Direction.BOTH,
                        min_baseline_messages=100)
    base = [fact(ago(d), OWN_IP, 100) for d in range(1, 36)]
    obs = one(rule, ctx(base))
    assert not obs.firing and obs.value("change_pct") == 0.0
    up = base + [fact(ago(d), OWN_IP, 51) for d in range(1, 8)]
    obs = one(rule, ctx(up))
    assert obs.firing and obs.value("change_pct") == 51.0 and obs.value("baseline_daily") == 100.0
    down = [f for f in base if f.day < ago(7)] + [fact(ago(d), OWN_IP, 40) for d in range(1, 8)]
    assert one(rule, ctx(down)).firing
    assert not one(VolumeChange(50, direction=Direction.UP), ctx(down)).firing
    assert one(VolumeChange(50, direction=Direction.DOWN), ctx(down)).firing
    assert not one(rule, ctx([fact(ago(d), OWN_IP, 100) for d in range(1, 12)])).firing  # baseline too short


def test_volume_change_averages_over_days_with_reports_alike() -> None:
    rule = VolumeChange(change_pct=10, days=7, baseline_days=28)
    every_other_day = [fact(ago(d), OWN_IP, 100) for d in range(1, 36, 2)]
    obs = one(rule, ctx(every_other_day))
    assert obs.firing is False and obs.value("change_pct") == 0.0
    assert obs.value("window_daily") == obs.value("baseline_daily") == 100.0
    assert (obs.value("window_report_days"), obs.value("baseline_report_days")) == ("4/7", "14/28")
    reports_stopped = [f for f in every_other_day if f.day < ago(5)]  # 1 day of 7 with reports: cannot tell
    assert one(rule, ctx(reports_stopped)).firing is None


def test_silence_domain_and_reporters() -> None:
    rule = Silence(days=2, reporters=True, history_days=30, min_reports=3)
    daily = [("google.com", ago(d)) for d in range(1, 20)] + [("yahoo.com", ago(d)) for d in range(3, 20)]
    weekly = [("rare.example", ago(d)) for d in (5, 12, 19)]
    obs = {o.subject: o for o in evaluate(rule, ctx([], arrivals=Arrivals.of(daily + weekly)))}
    assert set(obs) == {WHOLE, "reporter:google.com", "reporter:yahoo.com"}  # rare.example is not regular
    assert not obs[WHOLE].firing and not obs["reporter:google.com"].firing
    assert obs["reporter:yahoo.com"].firing and obs["reporter:yahoo.com"].value("silent_days") == 2
    obs = {o.subject: o for o in evaluate(rule, ctx([], arrivals=Arrivals.of([(r, ago(2)) for r, _ in daily])))}
    assert not obs[WHOLE].firing  # one day missing only
    quiet = Arrivals.of([(r, d - (ago(0) - ago(3))) for r, d in daily])
    obs = {o.subject: o for o in evaluate(rule, ctx([], arrivals=quiet))}
    assert obs[WHOLE].firing and obs[WHOLE].value("silent_days") == 3  # ago(1..3) missing


def test_silence_of_a_domain_that_never_reported_counts_from_registration() -> None:
    rule = Silence(days=2)
    assert not one(rule, ctx([], arrivals=Arrivals.of([]), watched_since=ago(1))).firing
    assert one(rule, ctx([], arrivals=Arrivals.of([]), watched_since=ago(2))).firing
