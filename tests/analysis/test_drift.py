"""Policy drift by hand: the latest policy, the lag of a change (one day is not drift, two days is), a second
conflicting record, fields a reporter leaves out, RFC 9990's testing and discovery_method per reporter."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.analysis.drift import FieldDiff, policy_drift
from chalicelib.analysis.published import Seen, report_day
from chalicelib.dmarc.model import PolicyPublished

D = "example.com"
DAY = date(2026, 5, 1)


def pol(p: str = "none", **kw: object) -> PolicyPublished:
    return PolicyPublished(domain=D, p=p, sp=kw.pop("sp", p), adkim="r", aspf="r", **kw)  # type: ignore[arg-type]


def days(reporter: str, policy: PolicyPublished, first: int, last: int) -> list[Seen]:
    return [Seen(reporter, DAY + timedelta(days=n), policy, f"{reporter}-{n}") for n in range(first, last + 1)]


def by_day(*streams: list[Seen]) -> list[Seen]:
    return sorted((s for stream in streams for s in stream), key=lambda s: s.day)


def test_everyone_agrees_no_finding() -> None:
    result = policy_drift(by_day(days("google.com", pol(), 0, 4), days("Yahoo", pol(), 0, 4)), D)
    assert result.latest is not None and result.latest.p == "none"
    assert result.latest_since == DAY and result.last_day == DAY + timedelta(days=4)
    assert result.findings == () and not result.drift
    assert [r.reporter for r in result.reporters] == ["google.com", "Yahoo"]
    assert all(r.differences == () for r in result.reporters)


def test_a_change_seen_late_for_one_day_is_not_drift() -> None:
    """p=none -> quarantine on day 3; Yahoo still saw none on day 3 only (a cached record)."""
    seen = by_day(days("google.com", pol(), 0, 2), days("google.com", pol("quarantine"), 3, 6),
                  days("Yahoo", pol(), 0, 3), days("Yahoo", pol("quarantine"), 4, 6))
    result = policy_drift(seen, D)
    assert result.latest is not None and result.latest.p == "quarantine"
    assert result.latest_since == DAY + timedelta(days=3)  # the days before are history, not drift
    [finding] = result.findings
    assert finding.reporter == "Yahoo" and finding.days == 1 and not finding.lasting
    assert FieldDiff("p", "none", "quarantine") in finding.differences
    assert not result.drift


def test_a_change_seen_late_for_two_days_is_drift() -> None:
    seen = by_day(days("google.com", pol(), 0, 2), days("google.com", pol("quarantine"), 3, 6),
                  days("Yahoo", pol(), 0, 4), days("Yahoo", pol("quarantine"), 5, 6))
    result = policy_drift(seen, D)
    [finding] = result.findings
    assert finding.lasting and finding.days == 2 and result.drift
    assert (finding.first_day, finding.last_day) == (DAY + timedelta(days=3), DAY + timedelta(days=4))
    assert {d.field for d in finding.differences} == {"p", "sp"}
    yahoo = next(r for r in result.reporters if r.reporter == "Yahoo")
    assert yahoo.policy.p == "quarantine" and yahoo.differences == ()  # it agrees now


def test_a_second_conflicting_record_is_drift_all_along() -> None:
    """Two v=DMARC1 records: some receivers pick one, some the other, every day."""
    seen = by_day(days("google.com", pol("reject"), 0, 5), days("Outlook.com", pol("reject"), 0, 5),
                  days("Yahoo", pol(), 0, 5))
    result = policy_drift(seen, D)
    assert result.latest is not None and result.latest.p == "reject"  # most reporters on the last day
    assert result.source is not None and result.source.report_id == "Outlook.com-5"  # not Yahoo's, newer
    assert result.latest_since == DAY
    [finding] = result.findings
    assert finding.reporter == "Yahoo" and finding.days == 6 and finding.reports == 6 and finding.lasting
    assert finding.policy.p == "none"
    yahoo = next(r for r in result.reporters if r.reporter == "Yahoo")
    assert FieldDiff("p", "none", "reject") in yahoo.differences


def test_a_field_left_out_is_no_difference() -> None:
    """Google states np; an RFC 7489 reporter has no np, t or fo: not a conflict."""
    google = pol(np="reject", testing="n", discovery_method="treewalk")
    seen = by_day(days("google.com", google, 0, 3), days("kddi.com", pol(), 0, 3),
                  days("Outlook.com", pol(fo="1"), 0, 3))
    result = policy_drift(seen, D)
    assert result.findings == ()
    assert result.latest is not None and result.latest.np == "reject" and result.latest.fo == "1"


def test_testing_mode_differs_and_discovery_method_is_shown_not_compared() -> None:
    seen = by_day(days("google.com", pol("reject", testing="n", discovery_method="treewalk"), 0, 3),
                  days("Outlook.com", pol("reject", testing="n", discovery_method="treewalk"), 0, 3),
                  days("Yahoo", pol("reject", testing="y", discovery_method="psl"), 0, 3))
    result = policy_drift(seen, D)
    [finding] = result.findings
    assert finding.reporter == "Yahoo" and finding.differences == (FieldDiff("testing", "y", "n"),)
    rows = {r.reporter: r for r in result.reporters}
    assert rows["Yahoo"].policy.testing == "y" and rows["Yahoo"].policy.discovery_method == "psl"
    assert rows["google.com"].policy.discovery_method == "treewalk" and rows["google.com"].reports == 4
    assert rows["google.com"].last_seen == DAY + timedelta(days=3)


def test_tie_on_the_last_day_goes_to_the_newest_report_and_min_days() -> None:
    seen = by_day(days("a.example", pol(), 0, 2), days("b.example", pol("reject"), 0, 2))
    result = policy_drift(seen, D)
    assert result.latest is not None and result.latest.p == "reject"  # b's report is the last one given
    assert result.findings[0].reporter == "a.example" and result.findings[0].days == 3
    assert not policy_drift(seen, D, min_days=4).drift
    # a tie on the last day goes first to the value most reports of the range stated
    late = by_day(days("a.example", pol(), 0, 4), days("b.example", pol(), 0, 2),
                  days("b.example", pol("reject"), 3, 4))
    result = policy_drift(late, D)
    assert result.latest is not None and result.latest.p == "none"
    assert [(f.reporter, f.days, f.lasting) for f in result.findings] == [("b.example", 2, True)]


def test_nothing_seen() -> None:
    result = policy_drift([], D)
    assert result.latest is None and result.source is None and result.findings == () and not result.drift


def test_report_day_counts_the_day_the_period_ends_in() -> None:
    begin = datetime(2026, 5, 1, tzinfo=UTC)
    assert report_day(begin, begin + timedelta(days=1)) == date(2026, 5, 1)  # exclusive midnight end
    assert report_day(begin, begin + timedelta(days=1, seconds=-1)) == date(2026, 5, 1)
    jst = datetime(2026, 4, 30, 15, tzinfo=UTC)  # a day in JST
    assert report_day(jst, jst + timedelta(days=1, seconds=-1)) == date(2026, 5, 1)
    assert report_day(begin, None) == date(2026, 5, 1)
