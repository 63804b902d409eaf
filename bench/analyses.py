"""`make bench` section "analyses": a generated large domain (30 reports/day, 2,000 source IPs/day, 500 registered
ranges, 365 days) loaded into dynalite, then the overview, pattern, tag, spoofing and readiness analyses over 90 and
365 days timed through the API's use cases (AnalysesService + JSON encoding), with the DynamoDB items read per call.

Cold = a new container: a fresh interpreter (its imports timed apart), a new container with empty caches, the first
call (bench/analyses_child.py; the median of COLD_RUNS such processes). Warm = the next calls on that container. Day
rollups are written as ingest leaves them (one head item per day with the facts of its 30 reports, and the day's
summary) but directly through the rollup repository, so loading takes seconds instead of ingesting 10,950 reports;
so are the 30 report items a day (no records, each with the policy its reporter saw) and the day's policy log item
(through the log's adapter, which counts it in its month), whose month sums the overview reads for the current
published policy. The backfill of the policy log from those report items (what a domain's first read after an
upgrade does) is timed apart. Before timing, each analysis runs once over the 365 days in this process: that first
read after the registry was written makes every day's registry part (timed and shown apart), as the first reader
after a registry edit does. `--analyses-before` adds the same figures for the fact folds (the read path before day
summaries)."""
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
DAYS, REPORTS_PER_DAY, IPS_PER_DAY, RANGES = 365, 30, 2_000, 500
RANGES_DAYS = (90, 365)
ANALYSES = ("overview", "patterns", "tags", "spoofing", "readiness")
WARM_RUNS, COLD_RUNS = 7, 5
GOAL_COLD_MS = {90: 150.0, 365: 300.0}
GOAL_WARM_MS, GOAL_ITEMS_PER_DAY = 50.0, 2.0
LAST_DAY = date(2026, 3, 31)
POLICY_CHANGE_DAYS = 60  # the domain moved from p=none to p=quarantine this many days before LAST_DAY


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


def environment(url: str) -> Any:
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


def day_reports(rnd: random.Random, day: date, n: int, reporters: list[str]) -> list[Any]:
    """The day's 30 reports, one per reporter (no records: the day's facts are written apart), each with the
    policy_published it saw: p=none as each kind of reporter states it (RFC 7489 ones with pct, Microsoft-like ones
    with fo, RFC 9990 ones with np, t and the discovery method) until the domain moves to p=quarantine 60 days before
    the last day (a sixth of the reporters see the old record for two more days); on every 20th day one reporter
    sees a second record (p=reject). Report ids and periods as real reporters make them."""
    from chalicelib.dmarc.model import AggregateReport, PolicyPublished, ReportMetadata

    moved = (LAST_DAY - day).days < POLICY_CHANGE_DAYS
    lagging = moved and (LAST_DAY - day).days >= POLICY_CHANGE_DAYS - 2
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    out = []
    for k, reporter in enumerate(reporters):
        p = "quarantine" if moved and not (lagging and k % 6 == 0) else "none"
        if n % 20 == 7 and k == n % len(reporters):
            p = "reject"
        kind = k % 3
        policy = PolicyPublished(domain=DOMAIN, p=p, sp="none", adkim="r", aspf="r", pct=100 if kind < 2 else None,
                                 fo="1" if kind == 1 else None, np="none" if kind == 2 else None,
                                 testing="n" if kind == 2 else None, discovery_method="psl" if kind == 2 else None)
        begin = midnight + timedelta(hours=7 if k % 10 == 9 else 0)
        epoch = int(begin.timestamp())
        report_id = (str(rnd.getrandbits(63)), f"{rnd.getrandbits(128):032x}", f"{epoch}.{rnd.randrange(10**6):06d}",
                     f"{reporter}!{DOMAIN}!{epoch}!{epoch + 86399}")[k % 4]
        length = timedelta(days=1) if k % 4 == 1 else timedelta(seconds=86399)
        out.append(AggregateReport(schema="rfc7489", version="1.0",
                                   metadata=ReportMetadata(reporter, report_id, begin, begin + length),
                                   policy=policy, records=()))
    return out


def load(config: Any, progress: Callable[[str], None]) -> dict[str, Any]:
    from chalicelib import wiring
    from chalicelib.ports.ingest import DayState, Status
    from chalicelib.registry import make_entry
    from chalicelib.services.ingest import report_key
    from chalicelib.services.policy_log import entry_of
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
    from chalicelib.storage.reports import DynamoReports

    stored = built.reports
    assert isinstance(stored, DynamoReports)
    pool = [f"10.{i // 256}.{i % 256}.{rnd.randrange(1, 255)}" for i in range(RANGES)] * 5
    pool = [ip if n % 5 else f"10.{n % 400 // 256}.{n % 256}.{rnd.randrange(1, 255)}" for n, ip in enumerate(pool)]
    pool += [f"{rnd.randrange(11, 223)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
             for _ in range(2_500)]
    pool = sorted(set(pool))
    reporters = [f"receiver-{n:02d}.example" for n in range(REPORTS_PER_DAY)]
    rollups = built.rollups
    facts_total = reports_total = 0
    started = time.perf_counter()
    for n in range(DAYS):
        day = LAST_DAY - timedelta(days=DAYS - 1 - n)
        facts = generate_day(rnd, day, pool, reporters)
        facts_total += len(facts)
        reports = day_reports(rnd, day, n, reporters)  # the report items, the day's policy log: what ingest leaves
        stored.create_many(((report_key(r), r) for r in reports), "bench", Status.APPLIED)
        built.policy_log.change(DOMAIN, day, put=[entry_of(r) for r in reports])
        reports_total += len(reports)
        rollups.replace(DOMAIN, day, DayState(None, frozenset()), frozenset(report_key(r) for r in reports), facts)
        if n % 60 == 59:
            progress(f"{n + 1} days loaded ({time.perf_counter() - started:.0f} s)")
    loaded = time.perf_counter()
    backfilled = built.policies.ensure(DOMAIN)  # the first read after an upgrade: every report item read once
    return {"days": DAYS, "facts": facts_total, "reports": reports_total, "registry_ranges": len(entries),
            "source_ips_in_pool": len(pool), "load_seconds": round(loaded - started, 1),
            "policy_backfill_seconds": round(time.perf_counter() - loaded, 1), "policy_backfill_days": backfilled}


def prime(config: Any) -> dict[str, float]:
    """Each analysis once over the 365 days in this process (the first reads after the registry was written)."""
    from bench.analyses_child import _calls
    from chalicelib import wiring
    from chalicelib.services.analyses import DayRange

    days = DayRange(LAST_DAY - timedelta(days=DAYS - 1), LAST_DAY)
    out = {}
    for name, call in _calls().items():
        service = wiring.bootstrap(config).analyses
        started = time.perf_counter()
        call(service, DOMAIN, days)
        out[name] = round((time.perf_counter() - started) * 1000, 1)
    return out


def child(url: str, name: str, span: int, warm: int, facts: bool = False) -> dict[str, Any]:
    import subprocess
    import sys

    argv = [sys.executable, "-m", "bench.analyses_child", url, name, str(span), str(warm), *(["--facts"] * facts)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"bench.analyses_child {name} {span}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(url: str, facts: bool = False, progress: Callable[[str], None] = print) -> dict[str, Any]:
    results: dict[str, Any] = {}
    cold_runs, warm_runs = (1, 2) if facts else (COLD_RUNS, WARM_RUNS)
    for span in RANGES_DAYS:
        progress(f"bench analyses: {span} days, {cold_runs} new container(s) per analysis"
                 f"{' (fact folds)' if facts else ''} ...")
        for name in ANALYSES:
            runs = [child(url, name, span, warm_runs, facts) for _ in range(cold_runs)]
            colds = [r["cold"] for r in runs]
            warms = [w for r in runs for w in r["warm"]]
            results[f"{name} {span}"] = {
                "analysis": name, "days": span,
                "cold_median_ms": round(statistics.median(c["ms"] for c in colds), 1),
                "cold_runs_ms": [c["ms"] for c in colds],
                "cold_items_per_day": round(colds[0]["items"] / span, 2),
                "cold_requests": colds[0]["requests"], "cold_registry_items": colds[0]["registry_items"],
                "warm_median_ms": round(statistics.median(w["ms"] for w in warms), 1),
                "warm_items_per_day": round(warms[-1]["items"] / span, 2),
                "import_ms": round(statistics.median(r["import_ms"] for r in runs), 1),
                "json_bytes": colds[0]["json_bytes"],
            }
    return results


def goals(results: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, r in results.items():
        cold_goal = GOAL_COLD_MS[r["days"]]
        out[key] = {"cold": r["cold_median_ms"] <= cold_goal, "warm": r["warm_median_ms"] <= GOAL_WARM_MS,
                    "items": max(r["cold_items_per_day"], r["warm_items_per_day"]) <= GOAL_ITEMS_PER_DAY}
    return out


def run(progress: Callable[[str], None] = print, before: bool = False, url: str | None = None) -> dict[str, Any]:
    """`url`: a dynalite this bench loaded before (kept with --path), measured again without loading."""
    if url is not None:
        return _timed(url, {"facts": 0, "reused": url}, {}, before, progress)
    with dynalite() as fresh:
        config = environment(fresh)
        progress(f"bench analyses: loading {DAYS} days into dynalite ...")
        loaded = load(config, progress)
        progress(f"bench analyses: {loaded['facts']:,} facts; first reads after the registry write ...")
        return _timed(fresh, loaded, prime(config), before, progress)


def _timed(url: str, loaded: dict[str, Any], primed: dict[str, float], before: bool,
           progress: Callable[[str], None]) -> dict[str, Any]:
    results = measure(url, progress=progress)
    earlier = measure(url, facts=True, progress=progress) if before else None
    return {"loaded": loaded, "first_read_after_registry_edit_ms": primed, "analyses": results,
            "goals": goals(results), "fact_folds": earlier, "load_average": os.getloadavg()}


def _table(results: dict[str, Any], met: dict[str, Any] | None) -> list[str]:
    lines = [f"{'analysis':<10} {'days':>4} {'cold ms':>8} {'cold runs ms':<34} {'warm ms':>8} {'items/day':>9} "
             f"{'import ms':>9}{'  goals (cold, warm, items)' if met else ''}"]
    for key, r in results.items():
        flags = ""
        if met:
            flags = "  " + ", ".join("ok" if met[key][g] else "MISS" for g in ("cold", "warm", "items"))
        runs = " ".join(f"{ms:.0f}" for ms in r["cold_runs_ms"])
        lines.append(f"{r['analysis']:<10} {r['days']:>4} {r['cold_median_ms']:>8.1f} {runs:<34} "
                     f"{r['warm_median_ms']:>8.1f} {r['cold_items_per_day']:>4.2f}/{r['warm_items_per_day']:<4.2f} "
                     f"{r['import_ms']:>9.0f}{flags}")
    return lines


def render(found: dict[str, Any]) -> str:
    loaded = found["loaded"]
    load = ", ".join(f"{v:.1f}" for v in found["load_average"])
    facts = f"{loaded['facts']:,}" if loaded["facts"] else "the loaded"
    reports = f", {loaded['reports']:,} reports" if loaded.get("reports") else ""
    lines = [f"analyses of {DOMAIN}: {facts} facts{reports} in {DAYS} days, {RANGES} ranges; day summaries "
             f"(load average at the end: {load})",
             "cold = a new process and container (imports apart, median of "
             f"{COLD_RUNS}); warm = median of the next {WARM_RUNS} calls x {COLD_RUNS}; items/day cold/warm",
             *_table(found["analyses"], found["goals"])]
    met = found["goals"]
    lines.append(f"goals: cold <= {GOAL_COLD_MS[90]:g} ms (90 days), <= {GOAL_COLD_MS[365]:g} ms (365 days); warm <= "
                 f"{GOAL_WARM_MS:g} ms; items/day <= {GOAL_ITEMS_PER_DAY:g}: "
                 f"{'PASS' if all(all(g.values()) for g in met.values()) else 'MISS'} "
                 f"({sum(all(g.values()) for g in met.values())} of {len(met)} rows met)")
    if loaded.get("load_seconds") is not None and loaded.get("reports"):
        lines.append(f"loaded in {loaded['load_seconds']:.0f} s; the policy log's backfill from the report items "
                     f"(a domain's first read after an upgrade): {loaded['policy_backfill_seconds']:.1f} s, "
                     f"{loaded['policy_backfill_days']} day(s) changed")
    primed = ", ".join(f"{k} {v:.0f} ms" for k, v in found["first_read_after_registry_edit_ms"].items())
    if primed:
        lines.append(f"first read of 365 days after a registry write (remakes every day's registry part): {primed}")
    if found.get("fact_folds"):
        lines += ["", "before day summaries (the fact folds, same data; 1 new container each, 2 warm calls):",
                  *_table(found["fact_folds"], None)]
    return "\n".join(lines)


def main(before: bool = False, url: str | None = None) -> None:
    found = run(before=before, url=url)
    print(render(found))
    OUT.mkdir(exist_ok=True)
    (OUT / "analyses.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"results: {(OUT / 'analyses.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
