"""TLS analysis, every figure counted by hand from the reports below."""
from __future__ import annotations

import json
from datetime import date

from chalicelib.analysis.tls import TlsCount, TlsDay, failure_figures, summarize
from chalicelib.dmarc.limits import DEFAULT_LIMITS
from chalicelib.dmarc.tls import parse_tls_bytes
from tests.dmarc.test_tls import report


def tls(org: str, day: str, ok: int, details: list[tuple[str, str | None, int]], failed: int | None = None,
        kind: str = "sts"):  # type: ignore[no-untyped-def]
    doc = report(**{"organization-name": org, "date-range": {"start-datetime": f"{day}T00:00:00Z",
                                                             "end-datetime": f"{day}T23:59:59Z"}})
    policy = doc["policies"][0]
    policy["policy"]["policy-type"] = kind
    policy["failure-details"] = [{"result-type": r, "failed-session-count": n, **({"receiving-mx-hostname": mx}
                                                                                  if mx else {})}
                                 for r, mx, n in details]
    policy["summary"] = {"total-successful-session-count": ok,
                         "total-failure-session-count": sum(n for _, _, n in details) if failed is None else failed}
    return parse_tls_bytes(json.dumps(doc).encode(), DEFAULT_LIMITS)


REPORTS = [
    tls("Google", "2026-03-01", 90, [("certificate-expired", "mx1.example.com", 6), ("validation-failure", None, 4)]),
    tls("Microsoft", "2026-03-01", 50, [("certificate-expired", "mx2.example.com", 2)], failed=5, kind="tlsa"),
    tls("Google", "2026-03-03", 100, []),
]


def test_totals_rates_and_breakdowns() -> None:
    s = summarize(REPORTS, date(2026, 3, 1), date(2026, 3, 3))
    assert (s.reports, s.sessions, s.success, s.failure) == (3, 255, 240, 15)
    assert s.success_pct == 94.12
    # 6 + 2 expired, 4 validation, 3 failed sessions Microsoft did not detail
    assert s.by_result == (TlsCount("certificate-expired", 8), TlsCount("validation-failure", 4),
                           TlsCount("unspecified", 3))
    assert s.by_mx == (TlsCount("mx1.example.com", 6), TlsCount("(unknown)", 4), TlsCount("mx2.example.com", 2))
    assert s.by_policy == (TlsCount("sts", 200), TlsCount("tlsa", 55))
    assert [(r.name, r.reports, r.success, r.failure) for r in s.by_reporter] == [
        ("Google", 2, 190, 10), ("Microsoft", 1, 50, 5)]
    assert s.daily == (TlsDay(date(2026, 3, 1), 140, 15), TlsDay(date(2026, 3, 2), 0, 0),
                       TlsDay(date(2026, 3, 3), 100, 0))
    assert failure_figures(REPORTS) == (255, 15)


def test_no_reports_no_rate() -> None:
    s = summarize([], date(2026, 3, 1), date(2026, 3, 1))
    assert s.success_pct is None and s.sessions == 0 and s.daily == (TlsDay(date(2026, 3, 1), 0, 0),)
