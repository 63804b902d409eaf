"""Runs read_message in a fresh interpreter to measure its time and peak memory, and a TCP trap that records
any connection the parser might make."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from chalicelib.dmarc import Limits

ROOT = Path(__file__).resolve().parents[3]

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from chalicelib.dmarc import Limits, read_message
data = open(sys.argv[2], "rb").read()
limits = Limits(**json.loads(sys.argv[3]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = {}
try:
    outcome = read_message(data, limits)
except BaseException as exc:  # report everything: the parent decides what is acceptable
    result["raised"] = f"{type(exc).__name__}: {str(exc)[:300]}"
else:
    result["kinds"] = [p.kind.value for p in outcome.problems]
    result["messages"] = [p.message[:300] for p in outcome.problems]
    result["reports"] = len(outcome.reports)
    result["longest_org_name"] = max((len(r.metadata.org_name) for r in outcome.reports), default=0)
result["seconds"] = time.perf_counter() - start
result["rss_delta_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(result))
"""


@dataclass(frozen=True)
class Probe:
    seconds: float
    rss_delta_mb: float
    kinds: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    reports: int = 0
    longest_org_name: int = 0
    raised: str | None = None


def probe(path: Path, limits: Limits | None = None, timeout: float = 60.0) -> Probe:
    """read_message(path's bytes, limits) in a child process: time of the call and growth of peak RSS."""
    fields = {} if limits is None else {k: getattr(limits, k) for k in Limits.__slots__}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(path), json.dumps(fields)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, f"the child process died (rc {done.returncode}): {done.stderr[-2000:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return Probe(**{k: tuple(v) if isinstance(v, list) else v for k, v in result.items()})


def describe(result: Probe) -> str:
    return json.dumps(asdict(result))


class ConnectionTrap:
    """Listens on 127.0.0.1 (port 9, the discard port, when it is free, else a random port) and records every
    connection made to it."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, int]] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._sock.bind(("127.0.0.1", 9))
        except OSError:
            self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.hits.append(addr)
            conn.close()

    def __enter__(self) -> ConnectionTrap:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()
