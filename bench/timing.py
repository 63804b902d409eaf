"""The child side of one measurement: time whole passes over the inputs, print one JSON line on stdout.

Standard library only: the parsedmarc peer runs this in its own venv. Only the parse work is timed (interpreter
start and imports are not); reading each file is part of the work, as it is for every contender.
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ParseOne = Callable[[Path], tuple[int, int]]  # path -> (records, messages); raises when it finds no report


def main(parse_one: ParseOne, argv: Sequence[str] | None = None, extras: Callable[[], dict[str, Any]] | None = None
         ) -> None:
    args = _arguments().parse_args(argv)
    paths = [Path(p) for p in args.paths]
    if args.warmup:
        _one_pass(parse_one, paths)
    result = {"rss_before_kb": _rss_kb(), **_timed(parse_one, paths, args.min_seconds)}
    if extras is not None:
        result.update(extras())
    print(json.dumps(result))


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="time a parser over files; prints one JSON line")
    parser.add_argument("--min-seconds", type=float, default=0.0, help="repeat whole passes until this much time")
    parser.add_argument("--warmup", action="store_true", help="one untimed pass first")
    parser.add_argument("paths", nargs="+")
    return parser


def _timed(parse_one: ParseOne, paths: list[Path], min_seconds: float) -> dict[str, Any]:
    times: list[float] = []
    cpu_start = time.process_time()
    while True:
        start = time.perf_counter()
        records, messages, failed = _one_pass(parse_one, paths)
        times.append(time.perf_counter() - start)
        if sum(times) >= min_seconds:
            break
    cpu = (time.process_time() - cpu_start) / len(times)
    return {"passes": len(times), "seconds": sum(times) / len(times), "cpu_seconds": cpu, "best_seconds": min(times),
            "records": records, "messages": messages, "failures": len(failed), "failed": failed,
            "files": len(paths)}


def _one_pass(parse_one: ParseOne, paths: list[Path]) -> tuple[int, int, list[str]]:
    records = messages = 0
    failed: list[str] = []
    for path in paths:
        try:
            found, counted = parse_one(path)
        except Exception as error:  # a contender that rejects a file is counted, not fatal
            failed.append(f"{path.name}: {type(error).__name__}")
            continue
        records += found
        messages += counted
    return records, messages, failed


def _rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
