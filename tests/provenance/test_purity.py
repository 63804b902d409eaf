"""The provenance core is pure: importing it loads no AWS, Chalice or pynamodb module."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CODE = """
import sys, chalicelib.provenance
print(",".join(sorted({n.split(".")[0] for n in sys.modules} & {"boto3", "botocore", "pynamodb", "chalice",
                                                                  "aws_lambda_powertools"})))
"""


def test_provenance_imports_nothing_from_aws() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
