"""The pure core, the ports, the use cases and the fakes: importing all of them loads no AWS, Chalice or pynamodb."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CODE = """
import importlib, pkgutil, sys
for name in ("chalicelib.access", "chalicelib.dmarc", "chalicelib.analysis", "chalicelib.registry",
             "chalicelib.senders", "chalicelib.provenance", "chalicelib.ports", "chalicelib.services",
             "chalicelib.adapters"):
    package = importlib.import_module(name)
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(name + "." + info.name)
print(",".join(sorted({n.split(".")[0] for n in sys.modules} & {"boto3", "botocore", "pynamodb", "chalice",
                                                                  "aws_lambda_powertools"})))
"""


def test_the_core_ports_services_and_fakes_import_nothing_from_aws() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
