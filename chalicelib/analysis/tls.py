"""SMTP TLS analysis of one domain over UTC days: sessions and success rate, failures by result type, by
receiving MX and by reporter, and a daily series. Pure: reads the reports' parts about the domain. A report
counts on the UTC day its range begins. Failed sessions a report did not detail count as "unspecified"."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.analysis.common import pct
from chalicelib.dmarc.tls_model import TlsReport

UNSPECIFIED = "unspecified"
UNKNOWN_MX = "(unknown)"


@dataclass(frozen=True, slots=True)
class TlsCount:
    name: str
    sessions: int


@dataclass(frozen=True, slots=True)
class TlsReporter:
    name: str
    reports: int
    success: int
    failure: int


@dataclass(frozen=True, slots=True)
class TlsDay:
    day: date
    success: int
    failure: int


@dataclass(frozen=True, slots=True)
class TlsSummary:
    reports: int
    sessions: int
    success: int
    failure: int
    success_pct: float | None  # None without sessions
    by_result: tuple[TlsCount, ...]  # failed sessions per result type, most first (the UI's advice keys)
    by_mx: tuple[TlsCount, ...]
    by_policy: tuple[TlsCount, ...]  # all sessions per policy type (sts, tlsa, no-policy-found)
    by_reporter: tuple[TlsReporter, ...]
    daily: tuple[TlsDay, ...]


def summarize(reports: Iterable[TlsReport], start: date, end: date) -> TlsSummary:
    results: Counter[str] = Counter()
    mxs: Counter[str] = Counter()
    policies: Counter[str] = Counter()
    reporters: dict[str, list[int]] = {}
    days: dict[date, list[int]] = {}
    count = 0
    for report in reports:
        count += 1
        good, failed = report.sessions_success, report.sessions_failure
        row = reporters.setdefault(report.org_name, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + good, row[2] + failed
        day = days.setdefault(report.begin.date(), [0, 0])
        day[0], day[1] = day[0] + good, day[1] + failed
        for policy in report.policies:
            policies[policy.policy_type] += policy.successful_sessions + policy.failed_sessions
            detailed = 0
            for detail in policy.failures:
                results[detail.result_type] += detail.failed_sessions
                mxs[detail.receiving_mx_hostname or detail.receiving_ip or UNKNOWN_MX] += detail.failed_sessions
                detailed += detail.failed_sessions
            if policy.failed_sessions > detailed:
                results[UNSPECIFIED] += policy.failed_sessions - detailed
    ok = sum(r[1] for r in reporters.values())
    bad = sum(r[2] for r in reporters.values())
    series = tuple(TlsDay(d, *days.get(d, (0, 0))) for d in _days(start, end))
    rows = sorted((TlsReporter(n, *r) for n, r in reporters.items()), key=lambda r: (-r.failure - r.success, r.name))
    return TlsSummary(count, ok + bad, ok, bad, pct(ok, ok + bad) if ok + bad else None, _counts(results),
                      _counts(mxs), _counts(policies), tuple(rows), series)


def failure_figures(reports: Iterable[TlsReport]) -> tuple[int, int]:
    """(sessions, failed sessions) of the reports: what the TLS alert rule measures."""
    sessions = failed = 0
    for report in reports:
        sessions += report.sessions_success + report.sessions_failure
        failed += report.sessions_failure
    return sessions, failed


def _counts(counter: Counter[str]) -> tuple[TlsCount, ...]:
    return tuple(TlsCount(n, c) for n, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) if c)


def _days(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
