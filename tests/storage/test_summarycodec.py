"""The day summary codec keeps every figure the analyses read: the summed analyses over decoded parts answer as
over the parts made in memory (arrays come back where lists went in, so the answers are compared, not the
parts); a registry part stored before the spoofing details were kept reads as made for no registry version."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from chalicelib.analysis import summed
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.summary import summarize
from chalicelib.analysis.tagged import tag_day
from chalicelib.registry import Matcher
from chalicelib.storage import summarycodec
from chalicelib.storage.summarycodec import STALE_REGISTRY, decode_summary, decode_tagged, encode_summary, encode_tagged
from tests.analysis import generate

pytestmark = pytest.mark.unit


def _days(facts: list[Fact], tags: Matcher, through_codec: bool) -> list[summed.SummedDay]:
    by_day: dict[date, list[Fact]] = defaultdict(list)
    for f in facts:
        by_day[f.day].append(f)
    out = []
    for day in sorted(by_day):
        s = summarize(by_day[day])
        t = tag_day(s, tags, 3)
        if through_codec:
            head, sources = encode_summary(s)
            s, t = decode_summary(head), decode_tagged(encode_tagged(t))
        out.append(summed.SummedDay(day, s, t))
    return out


def test_decoded_parts_answer_as_the_parts_made() -> None:
    facts = generate.facts(count=3_000, days=5)
    tags = Matcher(generate.registry())
    made, decoded = _days(facts, tags, False), _days(facts, tags, True)
    assert decoded[0].tagged is not None and decoded[0].tagged.registry == 3
    assert summed.patterns(decoded) == summed.patterns(made)
    assert summed.tags(decoded) == summed.tags(made)
    for offset, limit, failing in ((0, 50, False), (3, 7, True)):
        assert summed.spoofing(decoded, offset, limit, failing) == summed.spoofing(made, offset, limit, failing)


def test_a_registry_part_of_the_older_layout_is_made_again() -> None:
    facts = generate.facts(count=200, days=1)
    t = tag_day(summarize(facts), Matcher(generate.registry()), 5)
    older = summarycodec._pack({"reg": t.registry, "tags": t.tags, "rows": t.rows, "fail": t.failing},
                               [t.spoof_ip, t.spoof_messages, t.spoof_fail, *t.tag_ips])
    assert decode_tagged(older).registry == STALE_REGISTRY
