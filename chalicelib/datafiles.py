"""The one reader of the reviewed data files (the reporter map, the service catalogue): TOML in, a dict out, or
the file's own error class naming the file and what is wrong. Standard library only."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(source: Path, error: type[Exception]) -> dict[str, Any]:
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{source}: {exc}") from exc
