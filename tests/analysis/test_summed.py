"""Day summaries answer exactly what the facts answer: every analysis computed both ways, on generated facts
(hypothesis: zero counts, unknown verdicts, indirect mail, services, service entries in the registry), on the
hand-made table and on the synthetic year of the performance tests."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analysis import summed
from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.readiness import readiness
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.summary import summarize
from chalicelib.analysis.tagged import tag_day
from chalicelib.analysis.tags import tag_analysis
from chalicelib.registry import Matcher, make_entry
from tests.analysis import generate, known

pytestmark = pytest.mark.unit

START = date(2025, 3, 1)
IPS = ("192.0.2.10", "192.0.2.200", "203.0.113.5", "198.51.100.7", "2001:db8:1::25", "10.0.0.1", "10.0.1.9",
       "::ffff:10.0.0.1", "010.0.0.1")  # the last two: kept as text keys in day summaries
SERVICES = ("", "own", "sendgrid", "amazon-ses")
ROUTES = ("", "", "forwarded", "mailing_list")


def summed_days(facts: Sequence[Fact], tags: Matcher) -> list[summed.SummedDay]:
    by_day: dict[date, list[Fact]] = defaultdict(list)
    for f in facts:
        by_day[f.day].append(f)
    out = []
    for day in sorted(by_day):
        s = summarize(by_day[day])
        out.append(summed.SummedDay(day, s, tag_day(s, tags, 1)))
    return out


def assert_same(facts: Sequence[Fact], tags: Matcher, start: date, end: date) -> None:
    days = summed_days(facts, tags)
    assert summed.overview(days, None, start, end) == overview(facts, None, start, end)
    assert summed.patterns(days) == pattern_analysis(facts, tags)
    assert summed.tags(days, start, end) == tag_analysis(facts, tags, start, end)
    assert summed.readiness(days, 1.0) == readiness(facts, tags, 1.0)
    for offset, limit, failing in ((0, 50, False), (0, 2, True), (1, 3, False), (5, 1000, True)):
        assert summed.spoofing(days, offset, limit, failing) == spoofing(facts, tags, offset, limit, failing)
    for failing in (False, True):  # the CSV's pages: ranked once, each as the page asked for alone
        size = max(3, summed.spoofing(days, 0, 1, failing).sources // 7)
        pages = list(summed.spoofing_pages(days, size, failing))
        assert pages == [summed.spoofing(days, n * size, size, failing) for n in range(len(pages))]
        every = [s for n in range(0, pages[0].sources, 1000) for s in spoofing(facts, tags, n, 1000, failing).items]
        assert [s for p in pages for s in p.items] == every


facts_strategy = st.lists(st.builds(
    lambda day, ip, reporter, hf, ef, dk, flags, disp, n, service, route: Fact(
        day=START + timedelta(days=day), source_ip=ip, reporter=reporter, header_from=hf, envelope_from=ef,
        dkim_domains=dk, spf_auth=flags[0], spf_aligned=flags[0] and flags[1], dkim_auth=flags[2],
        dkim_aligned=flags[2] and flags[3], disposition=disp, count=n, unknown=flags[4],
        detail=SenderDetail(service=service, route=route)),
    st.integers(0, 4), st.sampled_from(IPS), st.sampled_from(("google.com", "Yahoo", "x")),
    st.sampled_from(("example.jp", "sub.example.jp")), st.sampled_from(("", "example.jp", "bounce.example")),
    st.sampled_from(("", "example.jp", "a.example b.example")), st.tuples(*[st.booleans()] * 5),
    st.sampled_from(("none", "quarantine", "reject")), st.integers(0, 30), st.sampled_from(SERVICES),
    st.sampled_from(ROUTES)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(facts_strategy, st.booleans())
def test_summaries_answer_as_the_facts_do(facts: list[Fact], service_entry: bool) -> None:
    extra = [make_entry("service:sendgrid", "esp")] if service_entry else []
    tags = Matcher([*known.entries(), make_entry("10.0.0.0/24", "ten"), *extra])
    assert_same(facts, tags, START, START + timedelta(days=6))


def test_the_hand_made_table() -> None:
    assert_same(known.FACTS, known.matcher(), known.D1, known.D2)


def test_a_generated_quarter() -> None:
    facts = generate.facts(count=30_000, days=30)
    assert_same(facts, Matcher(generate.registry()), facts[0].day, facts[-1].day)
