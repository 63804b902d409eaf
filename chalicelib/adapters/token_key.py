"""The signing key of the local token mode (ALIGNED_AUTH=local): random bytes in a file of the local data
folder, made on first use (mode 0600)."""
from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def signing_key(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    key = file.read_text().strip()
    if len(key) < 32:
        raise ValueError(f"{path}: the token key is too short")
    return key.encode()
