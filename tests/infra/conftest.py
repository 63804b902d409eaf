"""The packaged template, built once per session by `make package` (a no-op when nothing changed)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "build" / "package"


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def package_dir() -> Path:
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1")}
    run = subprocess.run(["make", "--no-print-directory", "package"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=900)
    if run.returncode != 0:
        if not _pypi_reachable():
            pytest.skip("`make package` failed and PyPI is unreachable: chalice package downloads the Lambda's "
                        "wheels from PyPI, so the infra tests need network access once (then build/ is cached)")
        pytest.fail(f"make package failed:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}")
    return PACKAGE


@pytest.fixture(scope="session")
def template(package_dir: Path) -> dict[str, Any]:
    return json.loads((package_dir / "sam.json").read_text())


@pytest.fixture(scope="session")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return template["Resources"]


def of_type(resources: dict[str, Any], kind: str) -> dict[str, Any]:
    return {name: r for name, r in resources.items() if r["Type"] == kind}


def functions(resources: dict[str, Any]) -> dict[str, Any]:
    return of_type(resources, "AWS::Serverless::Function")


def target(value: Any) -> str:
    """The logical id a Ref / GetAtt / "${X.Arn}" Sub points at."""
    if "Ref" in value:
        return str(value["Ref"])
    if "Fn::GetAtt" in value:
        return str(value["Fn::GetAtt"][0])
    text = value["Fn::Sub"]
    assert text.startswith("${") and text.endswith(".Arn}"), text
    return str(text[2:-5])


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
