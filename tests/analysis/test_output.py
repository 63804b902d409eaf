"""CSV rendering (BOM, injection guard), the per-analysis tables, to_dict, and the advice texts."""
from __future__ import annotations

import csv
import io
import json

import pytest

from chalicelib.analysis.advice import advice_for, all_advice
from chalicelib.analysis.facts import Pattern
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.readiness import readiness
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis
from chalicelib.api.encode.csvfile import render_csv
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.encode.tables import (
    daily_table,
    facts_table,
    overview_table,
    pattern_table,
    readiness_table,
    spoofing_table,
    tag_table,
)
from tests.analysis.known import FACTS, matcher


def _read(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_csv_injection_is_neutralised() -> None:
    body = render_csv(("name", "n"), [("=HYPERLINK(\"http://x\")", -5), ("+1", 1.5), ("-2+3", None),
                                       ("@SUM(A1)", True), ("\tx", 0), ("ok, 日本語", 2)])
    assert _read(body) == [["name", "n"], ["'=HYPERLINK(\"http://x\")", "-5"], ["'+1", "1.5"], ["'-2+3", ""],
                           ["'@SUM(A1)", "true"], ["'\tx", "0"], ["ok, 日本語", "2"]]
    assert b"\r\n" in body


def test_every_table_renders() -> None:
    m = matcher()
    o = overview(FACTS)
    tables = [overview_table(o), daily_table(o.daily), pattern_table(pattern_analysis(FACTS, m), "ja"),
              tag_table(tag_analysis(FACTS, m)), spoofing_table(spoofing(FACTS, m)),
              readiness_table(readiness(FACTS, m)), facts_table(FACTS)]
    for header, rows in tables:
        parsed = _read(render_csv(header, rows))
        assert len(parsed) == len(rows) + 1 and all(len(r) == len(header) for r in parsed)
    assert _read(render_csv(*tag_table(tag_analysis(FACTS, m))))[-1][:3] == ["(untagged)", "2", "60"]
    first = _read(render_csv(*spoofing_table(spoofing(FACTS, m))))[1]
    assert first[0] == "203.0.113.5" and first[-2:] == ["2025-03-02", "2025-03-02"]


def test_to_dict_is_json_ready() -> None:
    m = matcher()
    for result in (overview(FACTS), pattern_analysis(FACTS, m), tag_analysis(FACTS, m), spoofing(FACTS, m),
                   readiness(FACTS, m)):
        json.dumps(to_dict(result), ensure_ascii=False)
    data = to_dict(pattern_analysis(FACTS, m))
    assert data["rows"][3]["pattern"] == 4 and data["rows"][3]["pct"] == 20.0
    assert data["rows"][0]["advice"]["ja"]["title"].startswith("SPF・DKIM")
    assert to_dict(overview(FACTS)).get("daily")[0] == {"day": "2025-03-01", "total": 165, "passed": 145, "failed": 20,
                                                         "unknown": 0}
    assert to_dict(1 / 3) == 0.33
    with pytest.raises(TypeError):
        to_dict(object())


def test_advice_is_complete_in_both_languages() -> None:
    assert [a.pattern for a in all_advice()] == [1, 2, 3, 4]
    for advice in all_advice():
        for text in (advice.ja, advice.en):
            assert text.title and text.cause and text.confirm and text.fix
    assert advice_for(2).en.forwarders and advice_for(2).ja.forwarders and not advice_for(1).en.forwarders
    assert "DKIM" in advice_for(Pattern.BOTH_UNALIGNED).text("ja").fix[0]
    assert advice_for(4).text("fr") is advice_for(4).en
    for advice in all_advice():  # the step that opens the records is the same step in both languages
        assert advice.ja.records_step == advice.en.records_step
        assert advice.en.records_step is None or advice.en.records_step < len(advice.en.confirm)
    assert advice_for(1).en.records_step == 0 and "rows behind" in advice_for(1).en.confirm[0]
    with pytest.raises(ValueError):
        advice_for(Pattern.PASS)


def test_the_day_point_shortcut_writes_every_field_as_the_general_rule_does() -> None:
    import dataclasses
    from datetime import date as day_type

    from chalicelib.analysis.common import DayPoint
    from chalicelib.api.encode.jsonable import to_dict

    point = DayPoint(day_type(2025, 3, 1), 9, 5, 3, 1)
    general = {f.name: to_dict(getattr(point, f.name)) for f in dataclasses.fields(DayPoint)}
    assert to_dict(point) == general
    assert list(to_dict(point)) == list(general)
