"""Who runs: the command line that starts each contender's child process."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from bench import peer_env
from bench.corpus import ROOT


@dataclass(frozen=True)
class Contender:
    name: str
    command: list[str]
    repeats: int = 0  # 0: the --repeats option
    only: str = ""  # "corpus" or "large" to run on that input alone

    def runs_on(self, label: str) -> bool:
        return not self.only or label.startswith("corpus") == (self.only == "corpus")


def available(no_parsedmarc: bool, notes: list[str]) -> list[Contender]:
    """Floor, ours when it imports, parsedmarc (warm and cold) when it installs; what is left out goes to notes."""
    found = [Contender("floor", [sys.executable, "-m", "bench.child", "floor"])]
    if _imports("from chalicelib.dmarc import read_message", notes):
        found.append(Contender("ours", [sys.executable, "-m", "bench.child", "ours"]))
    if _imports("from chalicelib.dmarc.reader import read_path", notes):
        found.append(Contender("ours-path", [sys.executable, "-m", "bench.child", "ours-path"], only="large"))
    peer = None if no_parsedmarc else peer_env.parsedmarc_python()
    if peer is None:
        notes.append("parsedmarc skipped" + (" (--no-parsedmarc)" if no_parsedmarc else ": not installable"))
        return found
    command = [str(peer), "-m", "bench.peer_parsedmarc"]
    return [*found, Contender("parsedmarc", command, repeats=1),
            Contender("parsedmarc-cold", [*command, "--cold"], repeats=1, only="corpus")]


def _imports(statement: str, notes: list[str]) -> bool:
    probe = subprocess.run([sys.executable, "-c", statement], cwd=ROOT, capture_output=True, text=True)
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["?"])[-1]
        notes.append(f"skipped, `{statement}` fails: {reason}")
    return probe.returncode == 0
