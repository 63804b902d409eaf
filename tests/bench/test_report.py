"""The parser figures: the informational CPU ratio divides the least CPU seconds per pass of any run."""
from __future__ import annotations

import pytest

from bench.measure import Measurement
from bench.report import figures, render

pytestmark = pytest.mark.unit
LARGE = "generated 10"


def _measured(contender: str, wall: float, best_cpu: float) -> Measurement:
    return Measurement(contender=contender, input=LARGE, seconds=wall, cpu_seconds=best_cpu * 1.5, runs=[wall],
                       records=10, messages=10, failures=0, files=1, passes=1, peak_rss_mib=30.0,
                       rss_before_mib=20.0, best_cpu_seconds=best_cpu)


def test_cpu_ratio_is_shown_beside_the_wall_ratio_for_information() -> None:
    table = {("floor", LARGE): _measured("floor", 1.0, 0.4), ("ours", LARGE): _measured("ours", 3.0, 0.7)}
    found = {f.name: f for f in figures(table, None, LARGE)}
    wall, cpu = found[f"{LARGE}: ours/floor time"], found[f"{LARGE}: ours/floor cpu"]
    assert wall.value == pytest.approx(3.0) and wall.passed is False and wall.binding
    assert cpu.value == pytest.approx(1.75) and cpu.passed is True and not cpu.binding
    assert "(PASS, for information)" in render(table, list(found.values()))
