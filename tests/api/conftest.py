"""The API on moto through chalice.test.Client: fresh tables (storage, registry, alerts), a fixed rua address,
and helpers to ingest reports through the real ingest use case."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from chalice.test import Client

from chalicelib import wiring
from chalicelib.services.ingest import OPERATOR_MARK
from chalicelib.settings import Mail
from tests.alerting.stack import alert_stack  # noqa: F401
from tests.storage.conftest import BUCKET, dynalite_stack, dynalite_url, fresh_settings, installed, moto_stack, stack  # noqa: F401

RUA = "dmarc-reports@reports.aligned.example"


@pytest.fixture
def api() -> Iterator[Client]:
    from moto import mock_aws

    config = replace(fresh_settings(), mail=Mail("aligned.invalid", RUA))
    with mock_aws(), installed(config) as built:
        built.s3_client.create_bucket(Bucket=BUCKET)
        import app as app_module

        with Client(app_module.app) as client:
            yield client


def ingest(xml: str, key: str) -> None:
    """Ingests a bare report as the operator's `cli import` does (its object name marks it: trusted)."""
    folder, _, name = key.rpartition("/")
    result = wiring.ingest_service().ingest_bytes(xml.encode(), f"{folder}/{OPERATOR_MARK}{name}")
    assert result.failure is None, result.failure
