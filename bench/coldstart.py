"""`make bench` section "coldstart": the Lambda cold import time against the floor.

Each figure is the wall clock (and the CPU time) around the imports, and for "first call" the first ingest
invocation, in a fresh interpreter started in the project root: the median of RUNS runs, interleaved, after
one untimed run of each to warm the .pyc files. Every Lambda function (API, ingest, schedules) imports app.py.
- floor: boto3, pynamodb, lxml, chalice and Powertools Logger/Metrics alone;
- app: `import app`;
- first call: `import app`, then `app.handle_raw_mail` on an s3:TestEvent SQS record (touches no AWS), then
  what the first real message imports: wiring's ingest adapters (ingest service, storage, S3 adapter, boto3).
Goal: first call within GOAL x the floor (wall clock). Other load on the machine shows up as noise: compare
figures of one run, and the CPU column when the wall clock wanders."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from bench.corpus import OUT, ROOT

RUNS = 7
GOAL = 1.15
_TEST_EVENT = {"Records": [{"messageId": "m-1", "receiptHandle": "r-1", "eventSource": "aws:sqs",
                            "body": json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent"})}]}
CASES = {
    "floor": "import boto3, pynamodb.models, lxml.etree, chalice\n"
             "from aws_lambda_powertools import Logger, Metrics",
    "app": "import app",
    "first call": f"import app\napp.handle_raw_mail({_TEST_EVENT!r}, None)\n"
                  "import boto3, chalicelib.wiring, chalicelib.services.ingest, chalicelib.aws.s3mail\n"
                  "import chalicelib.storage.reports, chalicelib.storage.rollups\n"
                  "import chalicelib.storage.domains, chalicelib.storage.failures",
}
_CHILD = ("import time\n_w, _c = time.perf_counter(), time.process_time()\n{code}\n"
          "print('coldstart-ms', (time.perf_counter() - _w) * 1e3, (time.process_time() - _c) * 1e3)")
_ENV = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}


def once(code: str) -> tuple[float, float]:
    """Wall and CPU milliseconds the code took in a fresh interpreter (its other output, e.g. the Logger's
    lines, is dropped)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"} | _ENV
    done = subprocess.run([sys.executable, "-c", _CHILD.format(code=code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    _, wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


Times = dict[str, list[tuple[float, float]]]  # case -> (wall ms, CPU ms) of each run


def run(runs: int = RUNS) -> Times:
    for code in CASES.values():
        once(code)
    times: Times = {name: [] for name in CASES}
    for _ in range(runs):
        for name, code in CASES.items():
            times[name].append(once(code))
    return times


def medians(times: Times) -> dict[str, tuple[float, float]]:
    return {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
            for name, runs in times.items()}


def render(times: Times) -> str:
    found = medians(times)
    floor_wall, floor_cpu = found["floor"]
    lines = [f"cold import, median of {len(times['floor'])} fresh interpreters",
             f"  {'':<11} {'wall ms':>8} {'x floor':>8} {'cpu ms':>8} {'x floor':>8}"]
    for name, (wall, cpu) in found.items():
        lines.append(f"  {name:<11} {wall:8.1f} {wall / floor_wall:7.2f}x {cpu:8.1f} {cpu / floor_cpu:7.2f}x")
    ratio = found["first call"][0] / floor_wall
    lines.append(f"goal: first call <= {GOAL:.2f}x floor: {'met' if ratio <= GOAL else 'NOT met'} ({ratio:.2f}x)")
    return "\n".join(lines)


def main() -> None:
    times = run()
    print(render(times))
    OUT.mkdir(exist_ok=True)
    found = {name: {"median_wall_ms": wall, "median_cpu_ms": cpu, "runs_wall_cpu_ms": times[name]}
             for name, (wall, cpu) in medians(times).items()}
    (OUT / "coldstart.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    print(f"results: {(OUT / 'coldstart.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
