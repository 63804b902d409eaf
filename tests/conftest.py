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
