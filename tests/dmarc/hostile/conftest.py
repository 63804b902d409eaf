"""Fixtures of the hostile-input suite: bombs are built once per session and kept as files."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _path in (str(_HERE.parents[2]), str(_HERE)):  # the repository root (chalicelib) and these helpers
    if _path not in sys.path:
        sys.path.insert(0, _path)

import hostile_bombs as bombs  # noqa: E402
import hostile_reports as reports  # noqa: E402

BOMB_SIZE = 4 * bombs.GiB


@pytest.fixture(scope="session")
def bomb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bombs")


@pytest.fixture(scope="session")
def xml_bomb(bomb_dir: Path) -> bombs.Deflated:
    return bombs.xml_bomb_stream(BOMB_SIZE)


@pytest.fixture(scope="session")
def gzip_bomb(bomb_dir: Path, xml_bomb: bombs.Deflated) -> Path:
    path = bomb_dir / "bomb.xml.gz"
    path.write_bytes(bombs.gzip_bytes(xml_bomb))
    return path


@pytest.fixture(scope="session")
def zip_bomb(bomb_dir: Path, xml_bomb: bombs.Deflated) -> Path:
    path = bomb_dir / "bomb.zip"
    path.write_bytes(bombs.zip64_bytes(f"{reports.REPORT_NAME}.xml", xml_bomb))
    return path


@pytest.fixture(scope="session")
def zeros_gzip_bomb(bomb_dir: Path) -> Path:
    path = bomb_dir / "zeros.gz"
    path.write_bytes(bombs.gzip_bytes(bombs.zeros_bomb_stream(BOMB_SIZE)))
    return path
