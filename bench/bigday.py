"""`make bench` section "big day": one domain-day with 100,000 distinct source IPs (what a hostile report could
make before the caps: ALIGNED_MAX_DAY_SOURCES is 100,000) written to dynalite as ingest leaves it (a head item
and its overflow items), then every API call of that day run through chalice's test client in a fresh
container (a cold Lambda), each with its peak Python memory (tracemalloc) and its answer's size.

Large CSV downloads go to an export store that reads the file in 1 MB blocks and keeps only its size and
digest (what S3 does for the Lambda); the presigned path itself is tested in tests/api/test_big_day.py.
Goal (issue 15): every API call at most 100 MB on that day."""
from __future__ import annotations

import hashlib
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO

DOMAIN = "big.example"
DAY = date(2026, 3, 31)
SOURCES = 100_000
GOAL_MB = 100.0
PATH = f"/api/domains/{DOMAIN}"
RANGE = f"from={DAY}&to={DAY}"
CALLS = {  # label -> path and query of one API call on the big day
    "domains (baseline)": "/api/domains",  # a cold container's first call that reads no facts: the floor
    "facts CSV (every record)": f"{PATH}/facts?{RANGE}&format=csv",
    "facts page 1 (500)": f"{PATH}/facts?{RANGE}&limit=500",
    "facts page 20 (9500+500)": f"{PATH}/facts?{RANGE}&offset=9500&limit=500",
    "facts of one source": f"{PATH}/facts?{RANGE}&source_ip=203.0.113.9",
    "overview": f"{PATH}/overview?{RANGE}",
    "patterns": f"{PATH}/patterns?{RANGE}",
    "tags": f"{PATH}/tags?{RANGE}",
    "spoofing page": f"{PATH}/spoofing?{RANGE}",
    "spoofing CSV": f"{PATH}/spoofing?{RANGE}&format=csv",
    "senders": f"{PATH}/senders?{RANGE}",
    "readiness": f"{PATH}/readiness?{RANGE}",
    "selectors": f"{PATH}/selectors?{RANGE}",
    "providers": f"{PATH}/providers?{RANGE}",
    "policy": f"{PATH}/policy?{RANGE}",
    "plan": f"/api/domains/{DOMAIN}/plan?{RANGE}",
    "simulate p=reject": f"/api/domains/{DOMAIN}/simulate?{RANGE}&p=reject",
}


def big_day_facts(day: date = DAY, sources: int = SOURCES, seed: int = 15) -> list[Any]:
    """`sources` facts of one day, each from its own IPv4 address (a hostile report's shape: mostly failing,
    one to a few messages each, a few reporters)."""
    from chalicelib.analysis.facts import Fact

    rnd = random.Random(seed)
    reporters = [f"receiver-{n}.example" for n in range(5)]
    facts = []
    for n in range(sources):
        ip = f"{11 + n // 65536}.{n // 256 % 256}.{n % 256}.{rnd.randrange(1, 255)}"
        passing = n % 10 == 0
        facts.append(Fact(day=day, source_ip=ip, reporter=reporters[n % 5], header_from=DOMAIN,
                          envelope_from=DOMAIN if passing else f"bounce{n % 97}.spam.example",
                          dkim_domains=DOMAIN if passing else "", spf_auth=passing or n % 3 == 0,
                          spf_aligned=passing, dkim_auth=passing, dkim_aligned=passing,
                          disposition="none" if passing else "quarantine", count=1 + n % 7))
    return facts


def store_big_day(built: Any, facts: list[Any]) -> None:
    """Registers the domain and writes the day as one rebuilt rollup (head + overflow items)."""
    from chalicelib.ports.ingest import DayState

    built.domains.add(DOMAIN)
    built.rollups.replace(DOMAIN, facts[0].day, DayState(None, frozenset()), frozenset({f"{DOMAIN}|big"}), facts)


class CountingExports:
    """An ExportStore that reads what it is given in 1 MB blocks and keeps only the size and the digest."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def put(self, key: str, body: BinaryIO, content_type: str, filename: str) -> None:
        digest, size = hashlib.sha256(), 0
        while block := body.read(1 << 20):
            digest.update(block)
            size += len(block)
        self.sizes.append(size)

    def url(self, key: str, seconds: int) -> str:
        return f"https://exports.invalid/{key}"


def peak_of(call: Callable[[], Any]) -> tuple[float, Any]:
    """(peak MB of Python allocations during `call`, its result)."""
    tracemalloc.start()
    try:
        result = call()
        return tracemalloc.get_traced_memory()[1] / 1e6, result
    finally:
        tracemalloc.stop()


def measure(config: Any) -> dict[str, Any]:
    from chalice.test import Client

    from chalicelib import wiring

    results: dict[str, Any] = {}
    for label, path in CALLS.items():
        exports = CountingExports()
        built = wiring.bootstrap(config, export_store=exports)  # a cold container: nothing cached
        previous = wiring.install(built)
        try:
            import app as app_module

            with Client(app_module.app) as client:
                started = time.perf_counter()
                peak, response = peak_of(lambda p=path: client.http.get(p))  # type: ignore[misc]
                seconds = time.perf_counter() - started
        finally:
            wiring.install(previous)
        assert response.status_code == 200, (label, response.status_code, response.body[:300])
        exported = _export_of(response.body)
        results[label] = {"peak_mb": round(peak, 1), "seconds": round(seconds, 2), "answer_bytes": len(response.body),
                          "exported_bytes": exported["bytes"] if exported else None}
    return results


def _export_of(body: bytes) -> dict[str, Any] | None:
    """The export link of an answer, if it is one (a CSV answered directly is not JSON)."""
    try:
        found = json.loads(body)
    except ValueError:
        return None
    return found.get("export") if isinstance(found, dict) else None


def run(progress: Callable[[str], None] = print) -> dict[str, Any]:
    from bench.analyses import dynalite, environment
    from chalicelib import wiring
    from chalicelib.storage import tables

    with dynalite() as url:
        from moto import mock_aws

        config = environment(url)
        config = replace(config, dns=replace(config.dns, mode="off"))  # the plan's lookups: memory, not the network
        with mock_aws():
            import os

            os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = url  # mock_aws leaves an explicit endpoint alone
            tables.create_all(config.tables)
            progress(f"bench big day: writing {SOURCES:,} sources of {DAY} to dynalite ...")
            started = time.perf_counter()
            store_big_day(wiring.bootstrap(config), big_day_facts())
            progress(f"bench big day: written in {time.perf_counter() - started:.0f} s; measuring each API call ...")
            calls = measure(config)
    worst = max(r["peak_mb"] for r in calls.values())
    return {"day": DAY.isoformat(), "sources": SOURCES, "calls": calls,
            "goal": {"worst_peak_mb": worst, "goal_mb": GOAL_MB, "met": worst <= GOAL_MB}}


def render(found: dict[str, Any]) -> str:
    lines = [f"big day: {found['sources']:,} distinct sources on {found['day']}; peak Python memory per API call "
             "(tracemalloc, cold container)",
             f"{'call':<26} {'peak MB':>8} {'seconds':>8} {'answer bytes':>13} {'exported bytes':>15}"]
    for label, r in found["calls"].items():
        exported = f"{r['exported_bytes']:,}" if r["exported_bytes"] else "-"
        lines.append(f"{label:<26} {r['peak_mb']:>8.1f} {r['seconds']:>8.2f} {r['answer_bytes']:>13,} {exported:>15}")
    g = found["goal"]
    lines.append(f"goal {'PASS' if g['met'] else 'MISS'}: every API call's peak <= {g['goal_mb']:g} MB "
                 f"(worst {g['worst_peak_mb']} MB)")
    return "\n".join(lines)


def main() -> None:
    from bench.corpus import OUT, ROOT

    found = run()
    print(render(found))
    OUT.mkdir(exist_ok=True)
    (OUT / "bigday.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"results: {(OUT / 'bigday.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
