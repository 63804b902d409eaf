"""`make package` output: cfn-lint clean, and the merge left no half-merged values behind."""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.infra.conftest import functions, of_type

pytestmark = pytest.mark.infra


def test_cfn_lint_passes(package_dir: Path) -> None:
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "cfn-lint"), str(package_dir / "sam.json")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_package_holds_the_code(package_dir: Path) -> None:
    assert (package_dir / "deployment.zip").stat().st_size > 0


def _intrinsic_clashes(node: Any, path: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        intrinsic = [k for k in node if k == "Ref" or k.startswith("Fn::")]
        if intrinsic and len(node) > 1:
            found.append(f"{path}: {sorted(node)}")
        for key, value in node.items():
            found += _intrinsic_clashes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _intrinsic_clashes(value, f"{path}[{n}]")
    return found


def test_merge_left_no_half_merged_intrinsics(template: dict[str, Any]) -> None:
    # The deep merge combines dicts key by key: {"Fn::Sub": ...} merged with {"Fn::GetAtt": ...} keeps both.
    assert _intrinsic_clashes(template) == []


def test_functions_are_named_logged_and_use_the_template_roles(resources: dict[str, Any]) -> None:
    roles = of_type(resources, "AWS::IAM::Role")
    assert functions(resources)
    for name, fn in functions(resources).items():
        props = fn["Properties"]
        assert props["Role"].get("Fn::GetAtt", [None])[0] in roles, f"{name}: role {props['Role']}"
        assert "Policies" not in props, f"{name}: SAM-generated policies"
        log_groups = [d for d in fn.get("DependsOn", []) if resources[d]["Type"] == "AWS::Logs::LogGroup"]
        assert log_groups, f"{name}: no log group with retention created before it"
        assert resources[log_groups[0]]["Properties"]["LogGroupName"] == {
            "Fn::Sub": "/aws/lambda/" + props["FunctionName"]["Fn::Sub"]}
