"""Messages whose DMARC result is unknown (the report gave no verdict and no auth_results) are shown as such:
counted apart in the overview and the patterns (figures, JSON, CSV), never as a failure pattern, a failing tag
or possible spoofing, and not by the alert rules."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from ipaddress import ip_address

from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import Context
from chalicelib.alerting.rules import FailCount, Spoofing
from chalicelib.analysis.common import DayPoint
from chalicelib.analysis.daily import report_facts
from chalicelib.analysis.facts import Fact, Pattern
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis
from chalicelib.api.encode.csvfile import render_csv
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.encode.tables import daily_table, overview_table, pattern_table
from chalicelib.dmarc.model import Record
from tests.analysis.known import D1, D2, FACTS, matcher
from tests.ingest.reportgen import report

# 12 messages of unknown result: on D2, from an unregistered source and from a registered one.
UNKNOWN = (
    Fact(day=D2, source_ip="203.0.113.99", reporter="AOL", header_from="example.jp", envelope_from="",
         dkim_domains="", spf_auth=False, spf_aligned=False, dkim_auth=False, dkim_aligned=False,
         disposition="none", count=9, unknown=True),
    Fact(day=D2, source_ip="192.0.2.10", reporter="AOL", header_from="example.jp", envelope_from="",
         dkim_domains="", spf_auth=False, spf_aligned=False, dkim_auth=False, dkim_aligned=False,
         disposition="none", count=3, unknown=True),
)
ALL = FACTS + UNKNOWN


def test_overview_counts_unknown_apart() -> None:
    o = overview(ALL)
    assert (o.messages, o.dmarc_pass, o.dmarc_fail, o.dmarc_unknown, o.dmarc_unknown_pct) == (237, 145, 80, 12, 5.06)
    assert o.daily == (DayPoint(D1, 165, 145, 20, 0), DayPoint(D2, 72, 0, 60, 12))
    assert to_dict(o)["dmarc_unknown"] == 12
    assert ("dmarc_unknown", 12, 5.06) in overview_table(o)[1]
    header, rows = daily_table(o.daily)
    assert header[-1] == "dmarc_unknown" and rows[1][-1] == 12


def test_patterns_leave_unknown_out_of_failures_and_spoofing() -> None:
    before, after = pattern_analysis(FACTS, matcher()), pattern_analysis(ALL, matcher())
    assert [r.messages for r in after.rows] == [r.messages for r in before.rows]
    assert (after.dmarc_fail, after.spoofing_fail, after.tagged_fail) == (
        before.dmarc_fail, before.spoofing_fail, before.tagged_fail)
    assert (after.messages, after.dmarc_pass, after.unknown, after.unknown_pct) == (237, 145, 12, 5.06)
    assert to_dict(after)["unknown"] == 12
    header, rows = pattern_table(after, "ja")
    assert rows[-1][:4] == ("unknown", "DMARC 判定不明（レポートに判定も認証結果もない）", 12, 5.06)
    assert len(pattern_table(before)[1]) == 4  # no unknown row when there is none
    assert b"\nunknown," in render_csv(header, rows).replace(b"\r\n", b"\n")


def test_tags_spoofing_and_alerts_do_not_count_unknown_as_failing() -> None:
    tags = {r.tag: r for r in tag_analysis(ALL, matcher()).rows}
    assert tags["mail"].dmarc_fail == 0 and tags["mail"].messages == 103 and tags["mail"].patterns == (0, 0, 0, 0)
    page = spoofing(ALL, matcher(), failing_only=True)
    assert "203.0.113.99" not in {s.source_ip for s in page.items}
    assert page.unregistered_fail == spoofing(FACTS, matcher()).unregistered_fail
    today = D2 + timedelta(days=1)
    context = Context("example.jp", today, ALL, matcher())
    fail = dict(evaluate(FailCount(threshold=0), context)[0].values)
    assert fail["dmarc_fail"] == 60 and fail["messages"] == 72
    assert dict(evaluate(Spoofing(threshold=0), context)[0].values)["spoofing"] == 55


def test_a_record_without_verdicts_or_auth_results_becomes_an_unknown_fact() -> None:
    base = report(records=2, count=4)
    blank = Record(source_ip=ip_address("198.51.100.1"), count=6, disposition="none", dkim_aligned=None,
                   spf_aligned=None, header_from="example.com")
    facts = report_facts(replace(base, records=(*base.records, blank)))
    (fact,) = [f for f in facts if f.source_ip == "198.51.100.1"]
    assert fact.unknown and fact.pattern is Pattern.UNKNOWN and fact.count == 6
    assert not any(f.unknown for f in facts if f is not fact)
