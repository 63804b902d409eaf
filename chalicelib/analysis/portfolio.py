"""The portfolio: one row per domain (messages, DMARC pass %, own mail failing, possible spoofing, the policy stage
the reports saw, open alerts and a daily trend), made from the domain's overview and pattern analysis, so its
figures are the ones the domain's own views show; and sorting by any column, server-side."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from chalicelib.analysis.common import DayPoint
from chalicelib.analysis.overview import Overview
from chalicelib.analysis.patterns import PatternReport
from chalicelib.dmarc.model import PolicyPublished

# The enforcement stages in their order, from monitoring to full enforcement ("_test": t=y, RFC 9990's testing
# mode, one level below). The one mapping from a published policy to a stage is `policy_stage`.
STAGES = ("none", "quarantine_test", "quarantine", "reject_test", "reject")
TREND_DAYS = 30
SORT_KEYS = ("domain", "messages", "dmarc_pass_pct", "own_failing", "spoofing", "stage", "open_alerts")


def policy_stage(policy: PolicyPublished | None) -> str | None:
    """The stage of a published policy: none / quarantine_test / quarantine / reject_test / reject. t=y (and
    pct=0, which RFC 9990 says t=y replaces) is testing. None: no report said, or p is not a known level."""
    level = ((policy.p if policy else None) or "").lower()
    if level not in ("none", "quarantine", "reject"):
        return None
    testing = (policy.testing or "").lower() == "y" or policy.pct == 0  # type: ignore[union-attr]
    return f"{level}_test" if level != "none" and testing else level


@dataclass(frozen=True, slots=True)
class Trend:
    """Per day from `start`: messages, and the DMARC pass % (None on a day without messages)."""
    start: date | None
    messages: tuple[int, ...]
    pass_pct: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    domain: str
    messages: int
    dmarc_pass_pct: float | None  # None: no messages in the range
    own_failing: int  # DMARC-failing messages from registered (tagged) sources
    spoofing: int  # possible spoofing: DMARC-failing messages from unregistered sources (indirect mail excluded)
    stage: str | None  # policy_stage of the current published policy; None: no report in the range
    p: str | None
    sp: str | None
    t: str | None
    open_alerts: int
    trend: Trend
    display_name: str = ""  # the owner's name for the domain, "" when none


def portfolio_row(domain: str, overview: Overview, patterns: PatternReport, open_alerts: int,
                  display_name: str = "") -> PortfolioRow:
    return row_of(domain, overview.messages, overview.dmarc_pass_pct, patterns.tagged_fail, patterns.spoofing_fail,
                  overview.policy, overview.daily, open_alerts, display_name)


def row_of(domain: str, messages: int, dmarc_pass_pct: float, own_failing: int, spoofing: int,
           policy: PolicyPublished | None, daily: Sequence[DayPoint], open_alerts: int, display_name: str = ""
           ) -> PortfolioRow:
    """The row from its figures (the overview's and the pattern analysis', or the same summed from the domain's
    portfolio digest: analysis.portfolio_digest); the trend is the last TREND_DAYS of `daily`."""
    days = daily[-TREND_DAYS:]
    trend = Trend(days[0].day if days else None, tuple(d.total for d in days),
                  tuple(round(100.0 * d.passed / d.total, 1) if d.total else None for d in days))
    return PortfolioRow(
        domain=domain, messages=messages, dmarc_pass_pct=dmarc_pass_pct if messages else None,
        own_failing=own_failing, spoofing=spoofing, stage=policy_stage(policy),
        p=policy.p if policy else None, sp=policy.sp if policy else None, t=policy.testing if policy else None,
        open_alerts=open_alerts, trend=trend, display_name=display_name)


def _stage_rank(row: PortfolioRow) -> int | None:
    return None if row.stage is None else STAGES.index(row.stage)


_VALUES: dict[str, Callable[[PortfolioRow], object]] = {
    "domain": lambda r: r.domain, "messages": lambda r: r.messages, "dmarc_pass_pct": lambda r: r.dmarc_pass_pct,
    "own_failing": lambda r: r.own_failing, "spoofing": lambda r: r.spoofing, "stage": _stage_rank,
    "open_alerts": lambda r: r.open_alerts,
}


def default_descending(key: str) -> bool:
    """Figures sort largest first unless asked otherwise; names and stages from the start."""
    return key not in ("domain", "stage")


def sort_rows(rows: Iterable[PortfolioRow], key: str, descending: bool) -> list[PortfolioRow]:
    """By `key` (one of SORT_KEYS), ties by domain; rows without a value (no messages, no reported policy) last
    in either order."""
    value = _VALUES[key]
    by_name = sorted(rows, key=lambda r: r.domain)
    known = [r for r in by_name if value(r) is not None]
    known.sort(key=value, reverse=descending)  # type: ignore[arg-type]  # stable: ties stay by domain
    return known + [r for r in by_name if value(r) is None]


@dataclass(frozen=True, slots=True)
class PortfolioTotals:
    domains: int
    messages: int
    with_own_failing: int  # domains with own mail failing
    with_spoofing: int  # domains with possible spoofing
    open_alerts: int
    stages: tuple[tuple[str, int], ...]  # domains per stage (STAGES order, then "unknown")


def totals(rows: Iterable[PortfolioRow]) -> PortfolioTotals:
    rows = list(rows)
    stages = [(s, sum(1 for r in rows if r.stage == s)) for s in STAGES]
    return PortfolioTotals(
        domains=len(rows), messages=sum(r.messages for r in rows),
        with_own_failing=sum(1 for r in rows if r.own_failing), with_spoofing=sum(1 for r in rows if r.spoofing),
        open_alerts=sum(r.open_alerts for r in rows),
        stages=(*stages, ("unknown", sum(1 for r in rows if r.stage is None))))
