"""The policy sums: for any reports in report order, cut into consecutive runs anywhere, the merged sums of the runs
give the current published policy and its source that the drift view gives on the reports themselves (ties on
the last day, reports that leave fields out, periods not starting at midnight and running into the next day,
equal policies read as distinct objects)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analysis.drift import policy_drift
from chalicelib.analysis.policy_sums import EMPTY, current, merged, sums_of
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.policylog import report_order
from chalicelib.services.policy import seen_of

pytestmark = pytest.mark.unit
T0 = datetime(2026, 3, 1, tzinfo=UTC)
DOMAIN = "example.com"
POLICIES = (PolicyPublished(DOMAIN, "none", "none", pct=100), PolicyPublished(DOMAIN, "reject", None, testing="y"),
            PolicyPublished(DOMAIN, "quarantine", "reject", fo="1"), PolicyPublished(DOMAIN, "Reject", "none"),
            PolicyPublished(DOMAIN, "none", None, np="reject"))
REPORTERS = ("google.com", "Outlook.com", "Yahoo", "Mail.Ru")

# (begin hour from T0, period hours, reporter, policy, a copy of the policy object)
report = st.tuples(st.integers(0, 24 * 5), st.sampled_from((24, 24, 12, 30, 48)), st.integers(0, len(REPORTERS) - 1),
                   st.one_of(st.integers(0, 1), st.integers(0, len(POLICIES) - 1)), st.booleans())


def _reported(rows: list[tuple[int, int, int, int, bool]]) -> list[ReportedPolicy]:
    out = []
    for n, (hour, hours, reporter, policy, copy) in enumerate(rows):
        begin = T0 + timedelta(hours=hour)
        chosen = replace(POLICIES[policy]) if copy else POLICIES[policy]
        out.append(ReportedPolicy(chosen, REPORTERS[reporter], f"r{n}", begin, begin + timedelta(hours=hours)))
    return sorted(out, key=report_order)


@settings(max_examples=400, deadline=None)
@given(st.lists(report, min_size=1, max_size=40), st.lists(st.integers(0, 40), max_size=6))
def test_merged_runs_give_the_drift_views_policy_and_source(rows: list[tuple[int, int, int, int, bool]],
                                                             cuts: list[int]) -> None:
    reports = _reported(rows)
    expected = policy_drift(seen_of(reports), DOMAIN)
    edges = sorted({0, len(reports), *(min(c, len(reports)) for c in cuts)})
    runs = [sums_of(reports[a:b]) for a, b in zip(edges, edges[1:], strict=False)]
    for sums in (sums_of(reports), merged(runs), merged([EMPTY, *runs, EMPTY])):
        found = current(sums, DOMAIN)
        assert found is not None
        assert found.latest == expected.latest
        assert found.source == expected.source


def test_no_reports_no_policy() -> None:
    assert current(sums_of([]), DOMAIN) is None
    assert current(merged([EMPTY, EMPTY]), DOMAIN) is None


def test_the_last_day_votes_the_range_breaks_its_ties() -> None:
    none, reject = POLICIES[0], replace(POLICIES[0], p="reject")
    rows = [ReportedPolicy(reject, "a", "1", T0, T0 + timedelta(days=1)),
            ReportedPolicy(reject, "b", "2", T0, T0 + timedelta(days=1))]
    last = T0 + timedelta(days=1)
    rows += [ReportedPolicy(none, "a", "3", last, last + timedelta(days=1)),
             ReportedPolicy(reject, "b", "4", last, last + timedelta(days=1))]
    found = current(merged([sums_of(rows[:2]), sums_of(rows[2:])]), DOMAIN)
    assert found is not None and found.latest.p == "reject"  # 1:1 on the last day, 3:1 over the range
    assert (found.source.report_id, found.source.day) == ("4", last.date())
    one_day = current(sums_of(rows[2:]), DOMAIN)
    assert one_day is not None and one_day.latest.p == "reject" and one_day.source.report_id == "4"  # the newest
