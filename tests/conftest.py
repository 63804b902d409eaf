"""Shared test set-up. Clears endpoint variables so a running local stack can never leak into a test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

for _var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SQS",
             "AWS_ENDPOINT_URL_SNS", "AWS_PROFILE"):
    os.environ.pop(_var, None)
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("ALIGNED_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"shared corpus not found at {CORPUS} (set ALIGNED_CORPUS to its folder)")
    return CORPUS


# The `unit` marker: the pure core and the use cases on in-memory fakes (make test-unit). A test is a unit
# test when it lives in one of these folders and uses no AWS-backed fixture, or is a contract test on the fake.
UNIT_FOLDERS = {"dmarc", "analysis", "registry", "alerting", "config", "usecases", "bench", "provenance", "senders",
                "posture"}
AWS_FIXTURES = {"moto_stack", "dynalite_stack", "stack", "api", "alert_stack"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        fixtures = set(getattr(item, "fixturenames", ()))
        if parts[0] == "contract":
            unit = getattr(getattr(item, "callspec", None), "params", {}).get("built") == "memory"
        else:
            unit = parts[0] in UNIT_FOLDERS and not fixtures & AWS_FIXTURES
        if unit and not item.get_closest_marker("browser") and not item.get_closest_marker("dynalite"):
            item.add_marker(pytest.mark.unit)
