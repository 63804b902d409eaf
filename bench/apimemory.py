"""`python -m bench.apimemory`: the API function's peak memory (RSS, what Lambda's memory size bounds) for its
heaviest calls, each in a fresh process as a new Lambda container runs it, on the bench's 365-day domain
(bench.analyses: 30 reports/day, 2,000 source IPs/day, 500 ranges) and on one day with 100,000 sources.
The figures size the API function in infra/functions.py (API_MEMORY_MB): rerun after changing the analyses."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

from bench import analyses
from bench.corpus import OUT, ROOT

HUGE = "huge.example"
HUGE_SOURCES = 100_000
LAST = analyses.LAST_DAY
CALLS = {  # label: API path (the heaviest answers: every analysis over the whole year, the facts CSV)
    "imports only": None,
    "overview 90 d": f"/api/domains/{analyses.DOMAIN}/overview?from={LAST - timedelta(days=89)}&to={LAST}",
    "overview 365 d": f"/api/domains/{analyses.DOMAIN}/overview?from={LAST - timedelta(days=364)}&to={LAST}",
    "patterns 365 d": f"/api/domains/{analyses.DOMAIN}/patterns?from={LAST - timedelta(days=364)}&to={LAST}",
    "tags 365 d": f"/api/domains/{analyses.DOMAIN}/tags?from={LAST - timedelta(days=364)}&to={LAST}",
    "spoofing 365 d": f"/api/domains/{analyses.DOMAIN}/spoofing?from={LAST - timedelta(days=364)}&to={LAST}",
    "facts csv 30 d": f"/api/domains/{analyses.DOMAIN}/facts?from={LAST - timedelta(days=29)}&to={LAST}&format=csv",
    "100k-source day overview": f"/api/domains/{HUGE}/overview?from={LAST}&to={LAST}",
    "100k-source day patterns": f"/api/domains/{HUGE}/patterns?from={LAST}&to={LAST}",
    "100k-source day facts csv": f"/api/domains/{HUGE}/facts?from={LAST}&to={LAST}&format=csv",
}


def _load_huge(config: Any) -> None:
    from chalicelib import wiring
    from chalicelib.ports.ingest import DayState

    built = wiring.bootstrap(config)
    built.domains.add(HUGE)
    rnd = random.Random(100)
    pool = [f"{rnd.randrange(11, 223)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
            for _ in range(HUGE_SOURCES * 2)]
    pool = sorted(set(pool))
    reporters = [f"receiver-{n:02d}.example" for n in range(3)]
    with patch.object(analyses, "IPS_PER_DAY", HUGE_SOURCES), patch.object(analyses, "DOMAIN", HUGE):
        facts = analyses.generate_day(rnd, LAST, pool, reporters)
    built.rollups.replace(HUGE, LAST, DayState(None, frozenset()), frozenset({f"{HUGE}|x|{LAST}"}), facts)


def _high_water_mib() -> float:
    """This process's peak RSS since exec (VmHWM). ru_maxrss would also count the parent's peak before the exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise LookupError("no VmHWM in /proc/self/status")


def child(path: str | None, tables: dict[str, str]) -> dict[str, Any]:
    """Runs in the fresh process: imports the app as the Lambda does, then makes one call."""
    from dataclasses import fields

    from chalice.test import Client

    from chalicelib import wiring
    from chalicelib.settings import Settings, Tables

    config = Settings.from_env({}, tables=Tables(**{f.name: tables[f.name] for f in fields(Tables)}))
    wiring.install(wiring.bootstrap(config))
    import app as app_module

    before = _high_water_mib()
    size, status, started = 0, 0, time.perf_counter()
    if path is not None:
        with Client(app_module.app) as client:
            answer = client.http.get(path)
            size, status = len(answer.body), answer.status_code
    peak = _high_water_mib()
    return {"after_imports_mib": round(before, 1), "peak_mib": round(peak, 1), "status": status,
            "bytes": size, "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        spec = json.loads(sys.argv[2])
        print(json.dumps(child(spec["path"], spec["tables"])))
        return
    results: dict[str, Any] = {}
    with analyses.dynalite() as url:
        config = analyses.environment(url)
        print(f"apimemory: loading {analyses.DAYS} days + one {HUGE_SOURCES:,}-source day ...", flush=True)
        loaded = analyses.load(config, lambda line: print(line, flush=True))
        _load_huge(config)
        tables = {name: getattr(config.tables, name) for name in config.tables.__slots__}
        env = {**os.environ, "ALIGNED_DNS": "off"}
        for label, path in CALLS.items():
            run = subprocess.run([sys.executable, "-m", "bench.apimemory", "--child",
                                  json.dumps({"path": path, "tables": tables})],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
            if run.returncode != 0:
                results[label] = {"error": run.stderr[-600:]}
            else:
                results[label] = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"{label:<28} {json.dumps(results[label])}", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "apimemory.json").write_text(json.dumps({"loaded": loaded, "calls": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
