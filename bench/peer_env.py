"""parsedmarc lives only in bench/.venv, made on the first run and reused after (never in the project's venv)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"
PYTHON = VENV / "bin" / "python"


def parsedmarc_python() -> Path | None:
    """The interpreter that can import parsedmarc, installing it first if needed; None when that fails."""
    if _imports_parsedmarc():
        return PYTHON
    print(f"bench: installing parsedmarc into {VENV} (first run only) ...", flush=True)
    try:
        if not PYTHON.exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check", "parsedmarc"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or str(error)
        print(f"bench: parsedmarc could not be installed, its figures are skipped:\n{detail.strip()[-2000:]}")
        return None
    return PYTHON if _imports_parsedmarc() else None


def _imports_parsedmarc() -> bool:
    if not PYTHON.exists():
        return False
    probe = subprocess.run([str(PYTHON), "-c", "import parsedmarc"], capture_output=True)
    return probe.returncode == 0
