"""`make bench` section "portfolio": the 200-domain portfolio (bench/portfolio_data.py: 30 days of rollups per
domain, a registry range, a reported policy, open alerts on some) loaded into dynalite, then GET /api/portfolio's
use case (PortfolioService + JSON encoding, one page of 50 sorted by possible spoofing) timed three ways:
- cold: a new container, every domain's 30 day rollups read and decoded;
- warm: the same container again with its rows expired (TTL 0): per domain the day versions, the registry
  version, the latest policy and the active alerts, four small reads, on the service's worker threads;
- kept: within the row TTL (sorting or paging the table again): no reads.
The same on the in-memory fakes gives the compute alone (one thread). The goal is the analyses bench's: a warm
median within 250 ms."""
from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.analyses import GOAL_MS, ReadCounter, _environment, counting, dynalite
from bench.corpus import OUT, ROOT
from bench.portfolio_data import DAYS, LAST_DAY, load
from chalicelib.services.portfolio import WORKERS

DOMAINS = 200
WARM_RUNS = 7


def _time(service: Any, days: Any) -> tuple[float, int, int]:
    from chalicelib.api.encode.jsonable import to_dict

    counter = ReadCounter()
    with counting(counter):
        started = time.perf_counter()
        result = service.portfolio(service.active_domains(), days, "spoofing", True, 0, 50)
        json.dumps(to_dict(result))
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, counter.items, counter.calls


def measure(container: Callable[[], Any], workers: int) -> dict[str, Any]:
    from chalicelib.services.analyses import DayRange
    from chalicelib.services.portfolio import PortfolioService

    days = DayRange(LAST_DAY - timedelta(days=DAYS - 1), LAST_DAY)
    built = container()
    fresh = PortfolioService(built.analyses, built.alert_stores.states, built.domains, workers, ttl_seconds=0)
    runs = [_time(fresh, days) for _ in range(1 + WARM_RUNS)]
    warm = runs[1:]
    kept = PortfolioService(built.analyses, built.alert_stores.states, built.domains, workers)
    _time(kept, days)
    held = [_time(kept, days) for _ in range(WARM_RUNS)]
    return {"workers": workers, "cold_ms": round(runs[0][0], 1), "cold_items_read": runs[0][1],
            "cold_requests": runs[0][2], "warm_median_ms": round(statistics.median(r[0] for r in warm), 1),
            "warm_items_read": warm[-1][1], "warm_requests": warm[-1][2],
            "kept_median_ms": round(statistics.median(r[0] for r in held), 1), "kept_requests": held[-1][2]}


def run(progress: Callable[[str], None] = print) -> dict[str, Any]:
    from chalicelib import wiring
    from chalicelib.adapters.memory import memory_adapters
    from chalicelib.settings import Settings
    from chalicelib.storage import tables

    fakes = wiring.bootstrap(Settings.from_env({}), **memory_adapters())
    load(fakes, DOMAINS)
    found: dict[str, Any] = {"domains": DOMAINS, "days": DAYS, "memory": measure(lambda: fakes, 1)}
    with dynalite() as url:
        config = _environment(url)
        tables.create_all(config.tables)
        progress(f"bench portfolio: loading {DOMAINS} domains x {DAYS} days into dynalite ...")
        started = time.perf_counter()
        load(wiring.bootstrap(config), DOMAINS)
        found["load_seconds"] = round(time.perf_counter() - started, 1)
        progress(f"bench portfolio: loaded in {found['load_seconds']} s; timing ...")
        found["dynalite-1"] = measure(lambda: wiring.bootstrap(config), 1)
        found["dynalite"] = measure(lambda: wiring.bootstrap(config), WORKERS)
    found["goal_ms"] = GOAL_MS
    found["met"] = found["dynalite"]["warm_median_ms"] <= GOAL_MS
    found["kept_met"] = found["dynalite"]["kept_median_ms"] <= GOAL_MS
    return found


def render(found: dict[str, Any]) -> str:
    lines = [f"portfolio of {found['domains']} domains x {found['days']} days, one page of 50 sorted by spoofing",
             f"{'store':<10} {'threads':>7} {'cold ms':>9} {'cold requests':>14} {'warm median ms':>15} "
             f"{'warm items':>11} {'warm requests':>14} {'kept median ms':>15}"]
    for store in ("memory", "dynalite-1", "dynalite"):
        r = found[store]
        lines.append(f"{store:<10} {r['workers']:>7} {r['cold_ms']:>9.1f} {r['cold_requests']:>14} "
                     f"{r['warm_median_ms']:>15.1f} {r['warm_items_read']:>11} {r['warm_requests']:>14} "
                     f"{r['kept_median_ms']:>15.1f}")
    d = found["dynalite"]
    lines.append(f"goal {'PASS' if found['met'] else 'MISS'}: warm median on dynalite {d['warm_median_ms']} ms "
                 f"(<= {found['goal_ms']:g}); rows kept within the TTL (sorting, paging): {d['kept_median_ms']} ms")
    return "\n".join(lines)


def main() -> None:
    found = run()
    print(render(found))
    OUT.mkdir(exist_ok=True)
    (OUT / "portfolio.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"results: {(OUT / 'portfolio.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
