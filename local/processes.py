"""Child processes of the stack: each in its own process group (so stopping it stops everything it spawned),
killed with its parent if the stack itself dies, and polled until it answers."""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    """A process in its own group. Its output goes to `log`; without one, to the parent's (or nowhere: quiet)."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, log: Path | None = None,
                 quiet: bool = False):
        self.name, self.argv, self.env, self.cwd, self.log, self.quiet = name, argv, env, cwd, log, quiet
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    def start(self) -> Child:
        out: IO[bytes] | int | None = subprocess.DEVNULL if self.quiet else None
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            out = self._log_file = open(self.log, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=out,
                                     stdin=subprocess.DEVNULL, start_new_session=True,
                                     preexec_fn=_die_with_parent)
        return self

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the whole process group, then SIGKILL to whatever is left after `grace` seconds."""
        if self.proc is not None:
            _signal_group(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(grace)
            _signal_group(self.proc.pid, signal.SIGKILL)  # stragglers in the group (reloader workers)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(grace)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_ports(n: int, host: str = "127.0.0.1") -> list[int]:
    """`n` distinct ports the kernel reports free right now (for stacks started on spare ports)."""
    socks = [socket.socket() for _ in range(n)]
    for sock in socks:
        sock.bind((host, 0))
    ports = [sock.getsockname()[1] for sock in socks]
    for sock in socks:
        sock.close()
    return ports


def http_answers(url: str) -> bool:
    """True once anything answers HTTP at `url` (any status: a 404 still proves the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (always http://127.0.0.1)
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def wait_until(check: Callable[[], bool], what: str, timeout: float, child: Child | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if child is not None and child.exited() is not None:
            raise RuntimeError(f"{what}: the process exited with status {child.exited()}"
                               + (f" (see {child.log})" if child.log else ""))
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: no answer within {timeout:.0f} s")
        time.sleep(0.1)
