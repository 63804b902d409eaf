"""parsedmarc as a contender, run by bench/.venv's python: `python -m bench.peer_parsedmarc [options] PATH...`.

Offline: `offline=True` and `always_use_local_files=True` (no DNS, no downloads; the bundled IP database and
reverse-DNS map are used), and every socket connect/send is refused and counted, so a report of
`network_attempts: 0` shows that nothing tried.

By default parsedmarc runs as a library user gets it: its module-wide per-IP cache stays warm across files and
passes (the kinder figure, and the one the goal is judged on). With `--cold` each file gets fresh caches, as a
fresh process reading one report would; the static reverse-DNS map is still shared.
"""
from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path
from typing import Any

from bench import timing

_attempts = 0


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    global _attempts
    _attempts += 1
    raise OSError("network disabled by the benchmark")


for _method in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _method, _refuse)

import parsedmarc  # noqa: E402  after the socket guard
from parsedmarc.config import ParserConfig  # noqa: E402

logging.getLogger("parsedmarc").setLevel(logging.CRITICAL)
_reverse_dns_map: dict[str, Any] = {}


def parse_warm(path: Path) -> tuple[int, int]:
    return _counts(parsedmarc.parse_report_file(str(path), offline=True, always_use_local_files=True))


def parse_cold(path: Path) -> tuple[int, int]:
    config = ParserConfig(offline=True, always_use_local_files=True, reverse_dns_map=_reverse_dns_map)
    return _counts(parsedmarc.parse_report_file(str(path), config=config))


def _counts(result: Any) -> tuple[int, int]:
    if result["report_type"] != "aggregate":
        raise ValueError(f"not an aggregate report: {result['report_type']}")
    records = result["report"]["records"]
    return len(records), sum(int(r["count"]) for r in records)


def extras() -> dict[str, Any]:
    from importlib.metadata import version

    return {"network_attempts": _attempts, "version": version("parsedmarc")}


if __name__ == "__main__":
    cold = "--cold" in sys.argv
    timing.main(parse_cold if cold else parse_warm, [a for a in sys.argv[1:] if a != "--cold"], extras)
