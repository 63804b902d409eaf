"""dynalite (DynamoDB kept in LevelDB, from npm) as a child process: the one launcher of the local stack, the
storage tests and the bench. One instance per data folder; `start` returns once it answers HTTP."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

from local.config import HOST, ROOT
from local.processes import Child, http_answers, wait_until

START_TIMEOUT = 30.0


def cli_path(root: Path = ROOT) -> Path:
    return root / "node_modules" / "dynalite" / "cli.js"


def missing(root: Path = ROOT) -> str | None:
    """Why dynalite cannot start on this machine, or None when it can."""
    if not cli_path(root).is_file():
        return f"dynalite is not installed ({cli_path(root)} is missing): run `make setup` (npm ci)"
    if shutil.which("node") is None:
        return "node is not on PATH: dynalite needs Node.js"
    return None


class Dynalite:
    """A started dynalite: its `url`, its process (`child`) and `stop()`; also a context manager."""

    def __init__(self, child: Child, url: str, path: Path) -> None:
        self.child, self.url, self.path = child, url, path

    def stop(self) -> None:
        self.child.stop()

    def __enter__(self) -> Dynalite:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def start(path: Path, port: int, *, log: Path | None = None, root: Path = ROOT,
          env: dict[str, str] | None = None, timeout: float = START_TIMEOUT) -> Dynalite:
    """dynalite on HOST:`port` keeping its tables in `path` (created if needed); its output goes to `log`
    (discarded when None). Raises RuntimeError when it is not installed or does not answer within `timeout`."""
    problem = missing(root)
    if problem:
        raise RuntimeError(problem)
    path.mkdir(parents=True, exist_ok=True)
    argv = ["node", str(cli_path(root)), "--host", HOST, "--port", str(port), "--path", str(path),
            "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]
    child = Child("dynalite", argv, dict(os.environ) if env is None else env, root, log, quiet=True).start()
    db = Dynalite(child, f"http://{HOST}:{port}", path)
    try:
        wait_until(lambda: http_answers(db.url), "dynalite", timeout, child)
    except BaseException:
        db.stop()
        raise
    return db
