"""One new container of the analyses bench: `python -m bench.analyses_child URL ANALYSIS DAYS WARM [--facts]`.

A fresh interpreter imports what the API's analysis views import (untimed, reported as import_ms), builds a new
container (empty caches), then times the first call (cold) and WARM more calls on the same container (warm), each
through the use case and the JSON encoding, counting the DynamoDB items read. Prints one JSON line.
`--facts` times the fact folds instead (the read path before day summaries), for the before/after figures."""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    from bench.analyses import DOMAIN, LAST_DAY, ReadCounter, counting, environment
    from chalicelib import wiring
    from chalicelib.api.encode.jsonable import to_dict
    from chalicelib.services.analyses import DayRange

    url, name, span, warm = argv[0], argv[1], int(argv[2]), int(argv[3])
    config = environment(url)
    calls = _facts_calls() if "--facts" in argv else _calls()
    call = calls[name]
    days = DayRange(LAST_DAY - timedelta(days=span - 1), LAST_DAY)
    imported = (time.perf_counter() - started) * 1000
    service = wiring.bootstrap(config).analyses
    runs = []
    for _ in range(1 + warm):
        counter = ReadCounter()
        with counting(counter):
            begin = time.perf_counter()
            body = json.dumps(to_dict(call(service, DOMAIN, days)))
            elapsed = (time.perf_counter() - begin) * 1000
        runs.append({"ms": round(elapsed, 1), "items": counter.items, "requests": counter.calls,
                     "registry_items": counter.by_table.get(config.tables.registry, 0), "json_bytes": len(body)})
    print(json.dumps({"import_ms": round(imported, 1), "cold": runs[0], "warm": runs[1:]}))


def _calls() -> dict[str, Callable[[Any, str, Any], Any]]:
    return {
        "overview": lambda s, d, r: s.overview(d, r)[0],
        "patterns": lambda s, d, r: s.patterns(d, r),
        "tags": lambda s, d, r: s.tags(d, r),
        "spoofing": lambda s, d, r: s.spoofing(d, r, 0, 50, False),
        "readiness": lambda s, d, r: s.readiness(d, r),
    }


def _facts_calls() -> dict[str, Callable[[Any, str, Any], Any]]:
    from chalicelib.analysis.overview import overview
    from chalicelib.analysis.patterns import pattern_analysis
    from chalicelib.analysis.readiness import readiness
    from chalicelib.analysis.spoofing import spoofing
    from chalicelib.analysis.tags import tag_analysis

    return {
        "overview": lambda s, d, r: overview(s.facts(d, r), None, r.start, r.end),
        "patterns": lambda s, d, r: pattern_analysis(s.facts(d, r), s.matchers.matcher(d)),
        "tags": lambda s, d, r: tag_analysis(s.facts(d, r), s.matchers.matcher(d), r.start, r.end),
        "spoofing": lambda s, d, r: spoofing(s.facts(d, r), s.matchers.matcher(d), 0, 50, False),
        "readiness": lambda s, d, r: readiness(s.facts(d, r), s.matchers.matcher(d)),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
