"""The web UI's ja/en dictionaries (web/src/i18n), read through node, for tests that check texts exist."""
from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@cache
def _load() -> dict[str, dict[str, str]]:
    script = ("const en = (await import('./web/src/i18n/en.js')).en; "
              "const ja = (await import('./web/src/i18n/ja.js')).ja;"
              "console.log(JSON.stringify({en, ja}));")
    out = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def dictionaries() -> dict[str, dict[str, str]]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    return _load()
