"""Raw messages from local paths for `cli import`: single files (eml, xml, gz, zip), directories (walked),
mbox files and Maildir folders. Each message is yielded as (label, loader) so it can be counted first."""
from __future__ import annotations

import mailbox
import os
from collections.abc import Callable, Iterator
from pathlib import Path

Loader = Callable[[], bytes]


def messages(paths: list[str]) -> Iterator[tuple[str, Loader]]:
    for raw in paths:
        path = Path(raw)
        if _is_maildir(path):
            yield from _maildir(path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                here = Path(root)
                keep = []
                for d in sorted(dirs):
                    if d.startswith("."):
                        continue
                    if _is_maildir(here / d):
                        yield from _maildir(here / d)
                    else:
                        keep.append(d)
                dirs[:] = keep
                for name in sorted(files):
                    if not name.startswith("."):
                        yield from _file(here / name)
        else:
            yield from _file(path)


def _file(path: Path) -> Iterator[tuple[str, Loader]]:
    if _is_mbox(path):
        box = mailbox.mbox(path, create=False)
        for key in box.iterkeys():
            yield f"{path}#{key}", lambda box=box, key=key: box.get_bytes(key)  # type: ignore[misc]
    else:
        yield str(path), path.read_bytes


def _maildir(path: Path) -> Iterator[tuple[str, Loader]]:
    box = mailbox.Maildir(path, create=False)
    for key in sorted(box.keys()):
        yield f"{path}/{key}", lambda box=box, key=key: box.get_bytes(key)  # type: ignore[misc]


def _is_maildir(path: Path) -> bool:
    return path.is_dir() and all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _is_mbox(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(5) == b"From "
