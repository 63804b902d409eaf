"""`python -m local.stack` end to end, in a temporary data folder on free ports: it comes up, the API answers,
the demo mail goes through S3 -> SQS -> driver -> handler, a second stack on the same folder is refused,
Ctrl-C stops every process it started, and a second start finds the same data without importing again."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from local import dynalite
from local.config import ROOT
from local.processes import free_ports, http_answers

pytestmark = pytest.mark.slow
DAYS = 4  # of demo data: enough to cover the TLS report (3 days ago), small enough to stay well under a minute


_why = dynalite.missing()
if _why:
    pytest.skip(_why, allow_module_level=True)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Running:
    def __init__(self, data_dir: Path, ports: list[int], log: Path, demo: bool = False) -> None:
        self.ports, self.log = ports, log
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        args = ["--data-dir", str(data_dir), *(["--demo-days", str(DAYS)] if demo else ["--no-demo"]),
                "--no-portfolio-demo",
                "--dynamodb-port", str(ports[0]),
                "--moto-port", str(ports[1]), "--api-port", str(ports[2]), "--web-port", str(ports[3])]
        self.out = open(log, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen([sys.executable, "-m", "local.stack", *args], cwd=ROOT, env=env,
                                     stdout=self.out, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, needle: str, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert self.proc.poll() is None, f"the stack exited early:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {needle!r} within {timeout} s:\n{self.text()}"
            time.sleep(0.2)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(20)
        finally:
            self.out.close()


@pytest.fixture
def stack_dir(tmp_path: Path) -> Iterator[tuple[Path, list[int]]]:
    yield tmp_path / "data", free_ports(4)


def _clients(ports: list[int]):
    import boto3
    kw = {"region_name": "us-east-1", "aws_access_key_id": "local", "aws_secret_access_key": "local",
          "endpoint_url": f"http://127.0.0.1:{ports[1]}"}
    return boto3.client("s3", **kw), boto3.client("sqs", **kw)


def _bucket(data_dir: Path) -> str:
    return next(line.split("=", 1)[1] for line in (data_dir / "env.sh").read_text().splitlines()
                if line.startswith("export ALIGNED_RAW_BUCKET="))


def _get(url: str):
    import json
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


def test_stack_imports_the_demo_once_stops_cleanly_and_keeps_its_data(stack_dir, tmp_path: Path) -> None:
    from local.demo import DEMO_DOMAIN, demo_messages

    data_dir, ports = stack_dir
    api = f"http://127.0.0.1:{ports[2]}"
    expected = len(list(demo_messages(date.today(), days=DAYS)))
    started = time.monotonic()
    first = Running(data_dir, ports, tmp_path / "first.log", demo=True)
    try:
        first.wait_for("Ctrl-C stops everything")
        assert http_answers(api + "/")
        pids = _descendants(first.proc.pid)
        assert len(pids) >= 4, first.text()  # dynalite, moto, driver, chalice local
        first.wait_for("demo: ingested in", 45)
        assert f"demo: {expected} report e-mails dropped" in first.text()
        bucket = _bucket(data_dir)
        assert len(list((data_dir / "s3" / bucket / "incoming").iterdir())) == expected  # mirrored
        status, body = _get(api + "/api/ingest/failures")
        if status == 200:  # the demo's forged copy is a conflict (its SMTP TLS reports are ingested)
            assert sorted(f["kind"] for f in body["items"]) == ["conflict"]
            status, held = _get(api + "/api/reports/held")
            assert status == 200 and [h["org_name"] for h in held["items"]] == ["Mail.Ru relay"]
        status, body = _get(api + "/api/domains")
        if status == 200 and "demo: registered" in first.text():
            assert DEMO_DOMAIN in [d.get("name") for d in body["items"]]
        twin = subprocess.run([sys.executable, "-m", "local.stack", "--data-dir", str(data_dir), "--no-demo",
                               *[f"--{n}-port={p}" for n, p in zip(("dynamodb", "moto", "api", "web"),
                                                                    free_ports(4), strict=True)]],
                              cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert twin.returncode == 1 and "another local stack" in twin.stdout  # one dynalite per data folder
    finally:
        status = first.stop()
    assert status == 0, first.text()
    time.sleep(0.5)
    assert not [p for p in pids if _alive(p)], f"left running: {pids}\n{first.text()}"

    second = Running(data_dir, ports, tmp_path / "second.log", demo=True)
    try:
        second.wait_for("demo data set already imported", 30)
        assert f"{expected} raw mails restored" in second.text()
        name, raw = next(demo_messages(date.today(), days=DAYS))
        s3, _ = _clients(ports)
        assert s3.get_object(Bucket=_bucket(data_dir), Key=f"incoming/{name}")["Body"].read() == raw
        status, body = _get(api + "/api/ingest/failures")
        if status == 200:  # the data stored by the first run is still there
            assert sorted(f["kind"] for f in body["items"]) == ["conflict"]
    finally:
        assert second.stop() == 0
    assert time.monotonic() - started < 60
