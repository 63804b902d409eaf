"""chalicelib.alerting is pure: importing all of it loads no AWS, Chalice or pynamodb module."""
from __future__ import annotations

import subprocess
import sys

from tests.alerting.stack import ROOT

CODE = """
import pkgutil, importlib, sys
import chalicelib.alerting as pkg
for m in pkgutil.iter_modules(pkg.__path__):
    importlib.import_module("chalicelib.alerting." + m.name)
bad = sorted(n for n in sys.modules if n.split(".")[0] in
             ("boto3", "botocore", "pynamodb", "chalice", "aws_lambda_powertools"))
print(",".join(bad))
"""


def test_alerting_imports_nothing_from_aws() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
