"""`make bench` section "analyses": a generated large domain (30 reports/day, 2,000 source IPs/day, 500
registered ranges, 365 days) loaded into dynalite, then the 90-day overview, pattern, tag and spoofing analyses
timed through the API's use cases (AnalysesService + JSON encoding), with the DynamoDB items read per call.

Each analysis is measured cold (a fresh service: empty fact cache, no Matcher: what a new Lambda container
does) and warm (the same service again: what a warm container does); the goal is on the warm median.
Day rollups are written as ingest leaves them (one head item per day, the facts of its 30 reports) but directly
through the rollup repository, so loading takes seconds instead of ingesting 10,950 reports."""
from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench.corpus import OUT, ROOT
from local.dynalite import start as start_dynalite
from local.processes import free_ports

DOMAIN = "large.example"
DAYS, REPORTS_PER_DAY, IPS_PER_DAY, RANGES, RANGE_DAYS = 365, 30, 2_000, 500, 90
WARM_RUNS = 7
GOAL_MS, GOAL_ITEMS_PER_DAY = 250.0, 2.0
LAST_DAY = date(2026, 3, 31)


class ReadCounter:
    """Counts the DynamoDB items read by every pynamodb call (Query: scanned, GetItem, BatchGetItem)."""

    def __init__(self) -> None:
        self.items = 0
        self.calls = 0
        self.by_table: dict[str, int] = {}

    def __call__(self, operation: str, kwargs: dict[str, Any], data: dict[str, Any]) -> None:
        self.calls += 1
        read: dict[str, int] = {}
        if operation == "Query":
            read[kwargs.get("TableName", "?")] = int(data.get("ScannedCount", data.get("Count", 0)))
        elif operation == "GetItem":
            read[kwargs.get("TableName", "?")] = 1 if data.get("Item") else 0
        elif operation == "BatchGetItem":
            read.update((table, len(items)) for table, items in data.get("Responses", {}).items())
        for table, items in read.items():
            self.items += items
            self.by_table[table] = self.by_table.get(table, 0) + items


@contextmanager
def counting(counter: ReadCounter) -> Iterator[None]:
    from pynamodb.connection.base import Connection

    original = Connection._make_api_call

    def wrapped(self: Connection, operation: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        data = original(self, operation, kwargs)
        counter(operation, kwargs, data)
        return data

    with patch.object(Connection, "_make_api_call", wrapped):
        yield


@contextmanager
def dynalite() -> Iterator[str]:
    """A dynalite on a free port over a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="aligned-bench-") as folder, \
            start_dynalite(Path(folder), free_ports(1)[0]) as db:
        yield db.url


def _environment(url: str) -> Any:
    """Points botocore at dynalite; returns the settings naming the bench tables."""
    from dataclasses import fields

    from chalicelib.settings import Settings, Tables

    os.environ.update({"AWS_ENDPOINT_URL_DYNAMODB": url, "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"})
    return Settings.from_env({}, tables=Tables(**{f.name: f"bench-{f.name}" for f in fields(Tables)}))


def generate_day(rnd: random.Random, day: date, pool: list[str], reporters: list[str]) -> list[Any]:
    """The facts of one day: 2,000 source IPs, each seen by 1-2 of the day's 30 reporters."""
    from chalicelib.analysis.facts import Fact

    facts = []
    for ip in rnd.sample(pool, IPS_PER_DAY):
        own = ip.startswith("10.")
        for reporter in rnd.sample(reporters, rnd.choice((1, 1, 2))):
            spf_auth = rnd.random() < (0.95 if own else 0.3)
            dkim_auth = rnd.random() < (0.9 if own else 0.2)
            spf_aligned = spf_auth and rnd.random() < (0.8 if own else 0.1)
            dkim_aligned = dkim_auth and rnd.random() < (0.85 if own else 0.05)
            passing = spf_aligned or dkim_aligned
            facts.append(Fact(
                day=day, source_ip=ip, reporter=reporter, header_from=DOMAIN,
                envelope_from=DOMAIN if own else rnd.choice(("bounce.esp.example", "spam.example", "")),
                dkim_domains=DOMAIN if own else rnd.choice(("", "esp.example", "spam.example")),
                spf_auth=spf_auth, spf_aligned=spf_aligned, dkim_auth=dkim_auth, dkim_aligned=dkim_aligned,
                disposition="none" if passing or rnd.random() < 0.7 else "quarantine",
                count=rnd.randrange(1, 200) if own else rnd.randrange(1, 20)))
    return facts


def load(config: Any, progress: Callable[[str], None]) -> dict[str, Any]:
    from chalicelib import wiring
    from chalicelib.dmarc.model import AggregateReport, PolicyPublished, ReportMetadata
    from chalicelib.ports.ingest import DayState, Status
    from chalicelib.registry import make_entry
    from chalicelib.storage import tables

    tables.create_all(config.tables)
    built = wiring.bootstrap(config)
    built.domains.add(DOMAIN)
    rnd = random.Random(2026)
    entries = [make_entry(f"10.{i // 256}.{i % 256}.0/24", f"sender-{i % 25}") for i in range(RANGES)]
    from chalicelib.storage.registry import DynamoRegistry

    registry = built.registry
    assert isinstance(registry, DynamoRegistry)
    registry.put_many(DOMAIN, entries)  # one registry edit: the snapshot at version 1
    pool = [f"10.{i // 256}.{i % 256}.{rnd.randrange(1, 255)}" for i in range(RANGES)] * 5
    pool = [ip if n % 5 else f"10.{n % 400 // 256}.{n % 256}.{rnd.randrange(1, 255)}" for n, ip in enumerate(pool)]
    pool += [f"{rnd.randrange(11, 223)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
             for _ in range(2_500)]
    pool = sorted(set(pool))
    reporters = [f"receiver-{n:02d}.example" for n in range(REPORTS_PER_DAY)]
    rollups = built.rollups
    facts_total = 0
    started = time.perf_counter()
    for n in range(DAYS):
        day = LAST_DAY - timedelta(days=DAYS - 1 - n)
        facts = generate_day(rnd, day, pool, reporters)
        facts_total += len(facts)
        units = frozenset(f"{DOMAIN}|{r}|{day}" for r in reporters)
        rollups.replace(DOMAIN, day, DayState(None, frozenset()), units, facts)
        if n % 60 == 59:
            progress(f"{n + 1} days loaded ({time.perf_counter() - started:.0f} s)")
    begin = datetime.combine(LAST_DAY, datetime.min.time(), tzinfo=UTC)
    report = AggregateReport(
        schema="rfc7489", version="1.0",
        metadata=ReportMetadata(reporters[0], "last", begin, begin + timedelta(seconds=86399)),
        policy=PolicyPublished(domain=DOMAIN, p="none", adkim="r", aspf="r", pct=100), records=())
    built.reports.create(f"{DOMAIN}|last", report, "bench", Status.APPLIED)
    return {"days": DAYS, "facts": facts_total, "registry_ranges": len(entries), "source_ips_in_pool": len(pool),
            "load_seconds": round(time.perf_counter() - started, 1)}


def measure(config: Any) -> dict[str, Any]:
    from chalicelib import wiring
    from chalicelib.api.encode.jsonable import to_dict
    from chalicelib.services.analyses import DayRange

    days = DayRange(LAST_DAY - timedelta(days=RANGE_DAYS - 1), LAST_DAY)
    calls: dict[str, Callable[[Any], Any]] = {
        "overview": lambda s: s.overview(DOMAIN, days)[0],
        "patterns": lambda s: s.patterns(DOMAIN, days),
        "tags": lambda s: s.tags(DOMAIN, days),
        "spoofing": lambda s: s.spoofing(DOMAIN, days, 0, 50, False),
    }
    results: dict[str, Any] = {}
    for name, call in calls.items():
        service = wiring.bootstrap(config).analyses  # a new container: the cold call reads everything
        runs = []
        for _ in range(1 + WARM_RUNS):
            counter = ReadCounter()
            with counting(counter):
                started = time.perf_counter()
                body = json.dumps(to_dict(call(service)))
                elapsed = (time.perf_counter() - started) * 1000
            registry = counter.by_table.get(config.tables.registry, 0)
            runs.append((elapsed, counter.items, counter.calls, len(body), registry))
        warm = runs[1:]
        results[name] = {
            "cold_ms": round(runs[0][0], 1), "cold_items_read": runs[0][1],
            "cold_items_per_day": round(runs[0][1] / RANGE_DAYS, 2), "cold_registry_items": runs[0][4],
            "warm_median_ms": round(statistics.median(r[0] for r in warm), 1),
            "warm_items_read": warm[-1][1], "warm_items_per_day": round(warm[-1][1] / RANGE_DAYS, 2),
            "requests": warm[-1][2], "json_bytes": warm[-1][3],
        }
    return results


def run(progress: Callable[[str], None] = print) -> dict[str, Any]:
    with dynalite() as url:
        config = _environment(url)
        progress(f"bench analyses: loading {DAYS} days into dynalite ...")
        loaded = load(config, progress)
        progress(f"bench analyses: {loaded['facts']:,} facts; timing the {RANGE_DAYS}-day analyses ...")
        results = measure(config)
    patterns = results["patterns"]
    goal = {"patterns_warm_median_ms": patterns["warm_median_ms"], "goal_ms": GOAL_MS,
            "warm_items_read_per_day": patterns["warm_items_per_day"],
            "patterns_cold_ms": patterns["cold_ms"], "cold_items_read_per_day": patterns["cold_items_per_day"],
            "cold_registry_items": patterns["cold_registry_items"], "goal_items_per_day": GOAL_ITEMS_PER_DAY}
    goal["met"] = goal["patterns_warm_median_ms"] <= GOAL_MS and goal["warm_items_read_per_day"] <= GOAL_ITEMS_PER_DAY
    goal["cold_met"] = (goal["patterns_cold_ms"] <= GOAL_MS
                        and goal["cold_items_read_per_day"] <= GOAL_ITEMS_PER_DAY)
    return {"loaded": loaded, "range_days": RANGE_DAYS, "analyses": results, "goal": goal}


def render(found: dict[str, Any]) -> str:
    lines = [f"analyses of {DOMAIN}: {found['loaded']['facts']:,} facts in {DAYS} days, "
             f"{RANGES} ranges; {found['range_days']}-day range",
             f"{'analysis':<10} {'cold ms':>9} {'cold items':>11} {'items/day':>10} {'warm median ms':>15} "
             f"{'warm items':>11} {'items/day':>10}"]
    for name, r in found["analyses"].items():
        lines.append(f"{name:<10} {r['cold_ms']:>9.1f} {r['cold_items_read']:>11} {r['cold_items_per_day']:>10.2f} "
                     f"{r['warm_median_ms']:>15.1f} {r['warm_items_read']:>11} {r['warm_items_per_day']:>10.2f}")
    g = found["goal"]
    lines.append(f"goal {'PASS' if g['met'] else 'MISS'}: {found['range_days']}-day patterns warm median "
                 f"{g['patterns_warm_median_ms']} ms (<= {g['goal_ms']:g}), {g['warm_items_read_per_day']} items/day "
                 f"(<= {g['goal_items_per_day']:g})")
    lines.append(f"cold (new container) {'PASS' if g['cold_met'] else 'MISS'}: {g['patterns_cold_ms']} ms, "
                 f"{g['cold_items_read_per_day']} items/day, of which {g['cold_registry_items']} registry items "
                 f"(the whole registry snapshot)")
    return "\n".join(lines)


def main() -> None:
    found = run()
    print(render(found))
    OUT.mkdir(exist_ok=True)
    (OUT / "analyses.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"results: {(OUT / 'analyses.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
