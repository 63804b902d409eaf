"""Evaluation: a rule's condition over the context -> observations. Thresholds are strict ("above N").
Aggregate conditions yield one observation about the whole domain, firing or not, so a clear state can be
reported with its current figures; silence also yields one per tracked reporter. Windows end on the last day
whose reports are in (``Context.window``); silence is counted up to yesterday, as it is about arrival."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from statistics import median

from chalicelib.alerting.inputs import DOMAIN, REPORTER, Arrivals, Context, Observation, Window
from chalicelib.alerting.rules import (
    SEVERITIES,
    Condition,
    DnsChanged,
    DnsFinding,
    FailCount,
    FailRate,
    NewSelector,
    NewSource,
    PolicyDriftRule,
    SelectorSilent,
    Silence,
    Spoofing,
    TagFailRate,
    TlsFailureRule,
    VolumeChange,
)
from chalicelib.analysis.common import pct
from chalicelib.analysis.drift import policy_drift
from chalicelib.analysis.facts import Fact, is_failure, is_indirect
from chalicelib.analysis.selectors import is_own, signatures

TOP = 5
VIEW_OVERVIEW, VIEW_SPOOFING, VIEW_TAGS, VIEW_REPORTERS = "overview", "spoofing", "tags", "reporters"
VIEW_SENDERS = "senders"
VIEW_TLS, VIEW_POSTURE = "tls", "posture"


def evaluate(condition: Condition, ctx: Context) -> list[Observation]:
    return _EVALUATORS[type(condition)](condition, ctx)  # type: ignore[operator]


def _fails(facts: list[Fact]) -> tuple[int, int]:
    messages = fail = 0
    for f in facts:
        messages += f.count
        if is_failure(f):
            fail += f.count
    return messages, fail


def _fail_rate(c: FailRate, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    messages, fail = _fails(ctx.facts_in(w))
    rate = pct(fail, messages)
    firing = messages >= c.min_messages and 100.0 * fail / messages > c.threshold_pct
    return [Observation(DOMAIN, firing, w, (
        ("fail_pct", rate), ("threshold_pct", c.threshold_pct), ("dmarc_fail", fail), ("messages", messages),
    ), VIEW_OVERVIEW)]


def _fail_count(c: FailCount, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    messages, fail = _fails(ctx.facts_in(w))
    return [Observation(DOMAIN, fail > c.threshold, w, (
        ("dmarc_fail", fail), ("threshold", c.threshold), ("messages", messages), ("fail_pct", pct(fail, messages)),
    ), VIEW_OVERVIEW)]


def _spoofing(c: Spoofing, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    spoof: dict[str, int] = {}
    messages = 0
    for f in ctx.facts_in(w):
        messages += f.count
        # forwarded and mailing-list mail is not spoofing, nor mail the registry tags
        if is_failure(f) and not is_indirect(f) and ctx.tags.tag_for(f.source_ip, f.detail.service) is None:
            spoof[f.source_ip] = spoof.get(f.source_ip, 0) + f.count
    total = sum(spoof.values())
    return [Observation(DOMAIN, total > c.threshold, w, (
        ("spoofing", total), ("threshold", c.threshold), ("spoofing_sources", len(spoof)),
        ("top_sources", _top(spoof)), ("messages", messages),
    ), VIEW_SPOOFING)]


def _new_source(c: NewSource, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    before = Window(w.start - timedelta(days=c.lookback_days), w.start - timedelta(days=1))
    seen_before = {f.source_ip for f in ctx.facts_in(before)}
    volume: dict[str, int] = {}
    for f in ctx.facts_in(w):
        if f.source_ip not in seen_before and ctx.tags.tag_for(f.source_ip, f.detail.service) is None:
            volume[f.source_ip] = volume.get(f.source_ip, 0) + f.count
    new = {ip: n for ip, n in volume.items() if n > c.threshold}
    return [Observation(DOMAIN, bool(new), w, (
        ("new_sources", len(new)), ("threshold", c.threshold), ("new_messages", sum(new.values())),
        ("top_sources", _top(new)), ("lookback_days", c.lookback_days),
    ), VIEW_SPOOFING)]


def _tag_fail_rate(c: TagFailRate, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    tagged = [f for f in ctx.facts_in(w) if ctx.tags.tag_for(f.source_ip, f.detail.service) == c.tag]
    messages, fail = _fails(tagged)
    firing = messages >= c.min_messages and 100.0 * fail / messages > c.threshold_pct
    return [Observation(DOMAIN, firing, w, (
        ("tag", c.tag), ("fail_pct", pct(fail, messages)), ("threshold_pct", c.threshold_pct),
        ("dmarc_fail", fail), ("messages", messages),
    ), VIEW_TAGS)]


def _silence(c: Silence, ctx: Context) -> list[Observation]:
    arrivals = ctx.arrivals
    if arrivals is None:
        raise ValueError("silence rules need report arrivals in the context")
    w = Window.last(c.days, ctx.today)
    last = arrivals.last_day()
    anchor = last or (ctx.watched_since - timedelta(days=1) if ctx.watched_since else None)
    silent = (ctx.today - anchor).days - 1 if anchor else c.history_days
    out = [Observation(DOMAIN, silent >= c.days, w, (
        ("silent_days", silent), ("days", c.days), ("last_report", last.isoformat() if last else "-"),
    ), VIEW_REPORTERS)]
    if c.reporters:
        for reporter, (latest, report_days) in sorted(_tracked(c, ctx, arrivals).items()):
            quiet = (ctx.today - latest).days - 1
            out.append(Observation(f"{REPORTER}{reporter}", quiet >= c.days, w, (
                ("reporter", reporter), ("silent_days", quiet), ("days", c.days),
                ("last_report", latest.isoformat()), ("report_days", report_days),
            ), VIEW_REPORTERS))
    return out


def _tracked(c: Silence, ctx: Context, arrivals: Arrivals) -> dict[str, tuple[date, int]]:
    """Reporter -> (last day reported, days reported in the history): the regular reporters when there are two
    or more (with one, the domain's own silence says it all), and every reporter whose silence is alerted on,
    however long ago it last reported, until it reports again."""
    since = ctx.today - timedelta(days=c.history_days)
    regular = {}
    for reporter, seen in arrivals.days_by_reporter.items():
        days = sorted(d for d in seen if d >= since)
        if len(days) >= c.min_reports and median(_gaps(days)) <= c.days:
            regular[reporter] = (days[-1], len(days))
    tracked = regular if len(regular) > 1 else {}
    for reporter, last_known in ctx.watched.items():
        seen = arrivals.days_by_reporter.get(reporter, frozenset())
        tracked[reporter] = (max([last_known, *seen]), sum(1 for d in seen if d >= since))
    return tracked


def _volume_change(c: VolumeChange, ctx: Context) -> list[Observation]:
    """Daily averages over the days with reports only, in the window and the baseline alike: a day without
    reports is not a day without mail. Too few such days in the baseline: not firing; in the window: unknown."""
    w = ctx.window(c.days)
    base = ctx.window(c.baseline_days, gap=c.days)
    base_messages, base_days = _daily(ctx.facts_in(base))
    window_messages, window_days = _daily(ctx.facts_in(w))
    enough = base_messages >= c.min_baseline_messages and 2 * base_days >= base.days
    base_avg = base_messages / base_days if base_days else 0.0
    avg = window_messages / window_days if window_days else 0.0
    change = 100.0 * (avg - base_avg) / base_avg if base_avg else 0.0
    beyond = {"both": abs(change), "up": change, "down": -change}[c.direction] > c.change_pct
    firing: bool | None = enough and beyond if 2 * window_days >= w.days else None
    return [Observation(DOMAIN, firing, w, (
        ("change_pct", round(change, 2)), ("threshold_pct", c.change_pct), ("window_daily", round(avg, 1)),
        ("baseline_daily", round(base_avg, 1)), ("baseline", f"{base.start.isoformat()}..{base.end.isoformat()}"),
        ("window_report_days", f"{window_days}/{w.days}"), ("baseline_report_days", f"{base_days}/{base.days}"),
    ), VIEW_OVERVIEW)]


def _own_selectors(facts: list[Fact]) -> dict[str, tuple[int, set[date]]]:
    """"d=/selector" of the domain's own signatures -> (messages signed, days seen)."""
    out: dict[str, tuple[int, set[date]]] = {}
    for f in facts:
        for d, s, _ in signatures(f):
            if is_own(d, f.header_from):
                n, days = out.get(f"{d}/{s}", (0, set()))
                days.add(f.day)
                out[f"{d}/{s}"] = (n + f.count, days)
    return out


def _new_selector(c: NewSelector, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    before = Window(w.start - timedelta(days=c.lookback_days), w.start - timedelta(days=1))
    seen = _own_selectors(ctx.facts_in(before))
    new = {k: n for k, (n, _) in _own_selectors(ctx.facts_in(w)).items() if k not in seen and n > c.threshold}
    return [Observation(DOMAIN, bool(new), w, (
        ("new_selectors", len(new)), ("threshold", c.threshold), ("top_selectors", _top(new)),
        ("lookback_days", c.lookback_days),
    ), VIEW_SENDERS)]


def _selector_silent(c: SelectorSilent, ctx: Context) -> list[Observation]:
    """Not firing when nothing of the domain was reported in the window: that is the silence rule's case."""
    w = ctx.window(c.days)
    before = Window(w.start - timedelta(days=c.history_days), w.start - timedelta(days=1))
    in_use = {k: n for k, (n, days) in _own_selectors(ctx.facts_in(before)).items() if len(days) >= c.min_days}
    facts = ctx.facts_in(w)
    now = _own_selectors(facts)
    silent = {k: n for k, n in in_use.items() if k not in now}
    messages = sum(f.count for f in facts)
    return [Observation(DOMAIN, bool(silent) and messages > 0, w, (
        ("silent_selectors", len(silent)), ("top_selectors", _top(silent)), ("history_days", c.history_days),
        ("messages", messages),
    ), VIEW_SENDERS)]


def _daily(facts: list[Fact]) -> tuple[int, int]:
    """Messages, and the number of days with any."""
    return sum(f.count for f in facts), len({f.day for f in facts})


def _gaps(days: list[date]) -> list[int]:
    return [(b - a).days for a, b in zip(days, days[1:], strict=False)] or [0]


def _top(counts: dict[str, int]) -> str:
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    return ", ".join(f"{ip} ({n})" for ip, n in order) or "-"


def _tls_failure(c: TlsFailureRule, ctx: Context) -> list[Observation]:
    w = ctx.window(c.days)
    sessions = sum(n for day, n, _ in ctx.tls if day in w)
    failed = sum(f for day, _, f in ctx.tls if day in w)
    rate = pct(failed, sessions)
    firing = (sessions >= c.min_sessions and 100.0 * failed / sessions > c.threshold_pct) or (
        c.threshold is not None and failed > c.threshold)
    return [Observation(DOMAIN, firing, w, (
        ("tls_fail_pct", rate), ("threshold_pct", c.threshold_pct), ("tls_failed", failed), ("sessions", sessions),
    ), VIEW_TLS)]


def _dns_changed(c: DnsChanged, ctx: Context) -> list[Observation]:
    w = Window.last(c.days, ctx.today + timedelta(days=1))  # changes are about now: up to today
    names = sorted({ch.name for ch in ctx.dns_changes if w.start <= ch.at.date() <= w.end})
    return [Observation(DOMAIN, bool(names), w, (("changed", len(names)), ("records", ", ".join(names[:5]) or "-")),
                        VIEW_POSTURE)]


def _dns_finding(c: DnsFinding, ctx: Context) -> list[Observation]:
    w = Window(ctx.today, ctx.today)
    if ctx.posture is None:
        return [Observation(DOMAIN, None, w, (("findings", 0), ("codes", "-")), VIEW_POSTURE)]
    floor = SEVERITIES.index(c.min_severity)
    hits = [f for f in ctx.posture.findings if int(f.severity) >= floor]
    codes = ", ".join(dict.fromkeys(f.code for f in hits[:5])) or "-"
    return [Observation(DOMAIN, bool(hits), w, (("findings", len(hits)), ("min_severity", c.min_severity),
                                                ("codes", codes)), VIEW_POSTURE)]


def _policy_drift(c: PolicyDriftRule, ctx: Context) -> list[Observation]:
    """Unknown (None) when no report of the window said a policy."""
    w = ctx.window(c.days)
    result = policy_drift([s for s in ctx.policies if s.day in w], ctx.domain, c.min_days)
    lasting = [f for f in result.findings if f.lasting]
    seen = [f"{f.reporter} " + " ".join(f"{d.field}={d.seen}" for d in f.differences) for f in lasting[:TOP]]
    latest = result.latest
    published = " ".join(f"{k}={getattr(latest, k)}" for k in ("p", "sp", "np", "adkim", "aspf", "testing")
                         if latest is not None and getattr(latest, k) is not None) or "-"
    return [Observation(DOMAIN, None if latest is None else bool(lasting), w, (
        ("drift_reporters", len({f.reporter for f in lasting})), ("drift_seen", "; ".join(seen) or "-"),
        ("drift_days", max((f.days for f in lasting), default=0)), ("latest_policy", published),
        ("min_days", c.min_days),
    ), VIEW_POSTURE)]


_EVALUATORS: dict[type, Callable[..., list[Observation]]] = {
    FailRate: _fail_rate, FailCount: _fail_count, Spoofing: _spoofing, NewSource: _new_source,
    TagFailRate: _tag_fail_rate, Silence: _silence, VolumeChange: _volume_change, NewSelector: _new_selector,
    SelectorSilent: _selector_silent, TlsFailureRule: _tls_failure, DnsChanged: _dns_changed, DnsFinding: _dns_finding,
    PolicyDriftRule: _policy_drift,
}
