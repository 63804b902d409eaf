"""The parent side: start each contender in a fresh process, reap it with os.wait4 for its own peak RSS."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import ROOT


class ChildFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Measurement:
    contender: str
    input: str
    seconds: float  # the best run's mean wall seconds per pass (best: least disturbed by other load)
    cpu_seconds: float  # that run's CPU seconds (user + system) per pass
    runs: list[float]
    records: int
    messages: int
    failures: int
    files: int
    passes: int
    peak_rss_mib: float  # the largest of the runs
    rss_before_mib: float  # after imports, before the first parse
    extras: dict[str, Any] = field(default_factory=dict)
    best_cpu_seconds: float = 0.0  # the least CPU seconds per pass of any run: steadier than wall time when
    # other processes share the cores (they stretch the wall clock far more than the CPU time)

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def measure(contender: str, label: str, argv: list[str], repeats: int) -> Measurement:
    results = [_run_child(argv) for _ in range(repeats)]
    first = results[0]
    best = min(results, key=lambda r: r["seconds"])
    known = {"seconds", "cpu_seconds", "best_seconds", "records", "messages", "failures", "files", "passes",
             "rss_before_kb", "peak_rss_kb"}
    return Measurement(
        contender=contender, input=label, seconds=best["seconds"], cpu_seconds=best["cpu_seconds"],
        runs=[r["seconds"] for r in results], records=first["records"], messages=first["messages"],
        failures=first["failures"], files=first["files"], passes=first["passes"],
        peak_rss_mib=max(r["peak_rss_kb"] for r in results) / 1024,
        rss_before_mib=first["rss_before_kb"] / 1024,
        extras={k: v for k, v in first.items() if k not in known},
        best_cpu_seconds=min(r["cpu_seconds"] for r in results),
    )


def _run_child(argv: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(argv, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode().strip().splitlines()
        if child.returncode != 0 or not lines:
            raise ChildFailed(f"{Path(argv[0]).name} {' '.join(argv[1:3])} exited {child.returncode}:\n"
                              f"{err.read().decode()[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    result["peak_rss_kb"] = usage.ru_maxrss  # KiB on Linux
    return result
