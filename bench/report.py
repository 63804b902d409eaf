"""Ratios, goals and the printed table; results also go to bench/out/results.json."""
from __future__ import annotations

import json
import operator
import platform
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.measure import Measurement

Table = dict[tuple[str, str], Measurement]  # (contender, input) -> measurement


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None  # None when a contender is missing
    unit: str
    goal: str = ""
    passed: bool | None = None
    binding: bool = True  # False: shown against the goal for information only (printed in brackets)


def figures(table: Table, corpus: str | None, large: str) -> list[Figure]:
    found: list[Figure] = []
    if corpus:
        found += [
            _figure(table, corpus, "parsedmarc", "ours", "seconds", (">=", 10.0)),
            _figure(table, corpus, "parsedmarc-cold", "ours", "seconds"),
            _figure(table, corpus, "ours", "floor", "seconds"),
            _figure(table, corpus, "parsedmarc", "ours", "peak_rss_mib"),
            _figure(table, corpus, "ours", "floor", "peak_rss_mib"),
        ]
    return found + [
        _figure(table, large, "ours", "floor", "seconds", ("<=", 2.0)),
        _figure(table, large, "ours", "floor", "best_cpu_seconds", ("<=", 2.0), binding=False),
        _figure(table, large, "ours", None, "peak_rss_mib", ("<=", 64.0)),
        _figure(table, large, "ours-path", "floor", "seconds", ("<=", 2.0), binding=False),
        _figure(table, large, "ours-path", None, "peak_rss_mib", ("<=", 64.0), binding=False),
        _figure(table, large, "parsedmarc", "ours", "seconds"),
        _figure(table, large, "parsedmarc", "ours", "peak_rss_mib"),
        _figure(table, large, "ours", "floor", "peak_rss_mib"),
    ]


def _figure(table: Table, label: str, top: str, bottom: str | None, attribute: str,
            goal: tuple[str, float] | None = None, binding: bool = True) -> Figure:
    """top/bottom as a ratio, or top's own value when bottom is None."""
    what = {"seconds": "time", "best_cpu_seconds": "cpu"}.get(attribute, "peak RSS")
    a = table.get((top, label))
    b = table.get((bottom, label)) if bottom else None
    if bottom is None:
        name, unit, value = f"{label}: {top} {what}", "MiB", getattr(a, attribute) if a else None
    else:
        name, unit = f"{label}: {top}/{bottom} {what}", "x"
        value = getattr(a, attribute) / getattr(b, attribute) if a and b and getattr(b, attribute) else None
    if goal is None:
        return Figure(name, value, unit)
    compare: Callable[[float, float], bool] = operator.le if goal[0] == "<=" else operator.ge
    passed = None if value is None else compare(value, goal[1])
    return Figure(name, value, unit, f"{goal[0]} {goal[1]:g}", passed, binding)


_COLUMNS = (("contender", "<15"), ("input", "<18"), ("s/pass", ">8"), ("cpu s", ">7"), ("records", ">7"),
            ("records/s", ">9"), ("peak MiB", ">8"), ("base MiB", ">8"), ("fail", ">4"), ("each run (s/pass)", ""))


def render(table: Table, found: list[Figure]) -> str:
    header = " ".join(f"{name:{spec}}" for name, spec in _COLUMNS)
    lines = [header, "-" * len(header)]
    for m in table.values():
        runs = ", ".join(f"{s:.3g}" for s in m.runs) + (f" ({m.passes} passes)" if m.passes > 1 else "")
        cells = (m.contender, m.input, f"{m.seconds:.4f}", f"{m.cpu_seconds:.4f}", m.records,
                 f"{m.records_per_second:,.0f}", f"{m.peak_rss_mib:.1f}", f"{m.rss_before_mib:.1f}", m.failures, runs)
        lines.append(" ".join(f"{cell:{spec}}" for cell, (_, spec) in zip(cells, _COLUMNS, strict=True)))
    lines += ["", f"{'figure':<49} {'value':>9}  goal"]
    for f in found:
        value = "n/a" if f.value is None else f"{f.value:.2f} {f.unit}"
        lines.append(f"{f.name:<49} {value:>9}  {_verdict(f)}")
    return "\n".join(lines)


def _verdict(figure: Figure) -> str:
    if not figure.goal:
        return ""
    verdict = {True: "PASS", False: "MISS", None: "n/a"}[figure.passed]
    return f"{figure.goal:<7} {verdict if figure.binding else f'({verdict}, for information)'}"


def write_json(path: Path, table: Table, found: list[Figure], notes: list[str], inputs: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.machine()},
        "inputs": inputs,
        "measurements": [asdict(m) | {"records_per_second": m.records_per_second} for m in table.values()],
        "figures": [asdict(f) for f in found],
        "notes": notes,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
