"""Correctness of the analyses on 200k generated facts (90 days), with the elapsed times printed (run with -s).
Not a timing gate: the bench owns timing. ``run_benchmark`` is importable for the bench."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

from chalicelib.analysis.facts import Fact
from chalicelib.analysis.overview import overview
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.readiness import readiness_from_tags
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis
from chalicelib.registry import Matcher, RegistryEntry
from tests.analysis import generate


def _timed(fn: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) * 1000


def run_benchmark(facts: Sequence[Fact], entries: Sequence[RegistryEntry], repeat: int = 5) -> dict[str, float]:
    """Median milliseconds per analysis over ``repeat`` runs, each with a fresh Matcher (cold IP cache)."""
    names = ("overview", "patterns", "tags", "spoofing")
    runs: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(repeat):
        m = Matcher(entries)
        calls: tuple[Callable[[], object], ...] = (
            partial(overview, facts), partial(pattern_analysis, facts, m), partial(tag_analysis, facts, m),
            partial(spoofing, facts, m),
        )
        for name, call in zip(names, calls, strict=True):
            runs[name].append(_timed(call)[1])
    return {n: sorted(v)[len(v) // 2] for n, v in runs.items()}


def test_analyses_agree_on_200k_facts() -> None:
    facts = generate.facts(200_000)
    entries = generate.registry(500)
    assert len(facts) >= 199_000
    m = Matcher(entries)
    o = overview(facts)
    p = pattern_analysis(facts, m)
    t = tag_analysis(facts, m)
    s = spoofing(facts, m, limit=10)
    r = readiness_from_tags(t)
    assert o.messages == p.messages == t.messages == s.messages == r.messages
    assert o.dmarc_pass == p.dmarc_pass == sum(row.dmarc_pass for row in t.rows)
    assert [row.messages for row in p.rows] == [sum(tr.patterns[i] for tr in t.rows) for i in range(4)]
    untagged = t.rows[-1]
    assert untagged.tag is None
    assert p.spoofing_fail == untagged.dmarc_fail == s.unregistered_fail == r.unregistered_hit
    assert [row.spoofing for row in p.rows] == list(untagged.patterns)
    assert s.unregistered_messages == untagged.messages and s.sources == untagged.sources
    assert sum(row.tagged for row in p.rows) == r.own_hit
    medians = run_benchmark(facts, entries, repeat=3)
    print(f"\n{len(facts)} facts, {len(entries)} ranges, median ms: "
          + ", ".join(f"{k} {v:.1f}" for k, v in medians.items()))
