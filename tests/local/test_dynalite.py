"""The one dynalite launcher (local stack, storage tests, bench): answers once started, keeps its tables in
its folder, stops with its process group, and says what is missing instead of starting."""
from __future__ import annotations

from pathlib import Path

import pytest

from local import dynalite
from local.processes import free_ports, http_answers


@pytest.mark.dynalite
def test_start_answers_then_stop_ends_it(tmp_path: Path) -> None:
    if dynalite.missing():
        pytest.skip(str(dynalite.missing()))
    with dynalite.start(tmp_path / "db", free_ports(1)[0]) as db:
        assert http_answers(db.url)
        assert (tmp_path / "db").is_dir()
    assert db.child.exited() is not None


def test_not_installed_is_an_error_that_says_so(tmp_path: Path) -> None:
    assert "not installed" in str(dynalite.missing(tmp_path))
    with pytest.raises(RuntimeError, match="npm ci"):
        dynalite.start(tmp_path / "db", free_ports(1)[0], root=tmp_path)
