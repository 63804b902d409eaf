"""The API on moto through chalice.test.Client: fresh tables (the storage tests' moto stack plus the registry
table), a fixed rua address, and helpers to ingest reports through the real ingest use case."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from chalice.test import Client

from chalicelib import wiring
from chalicelib.settings import RUA_ADDRESS, TABLE_REGISTRY, Settings, api_settings
from chalicelib.storage import registry as registry_store
from tests.alerting.stack import alert_stack  # noqa: F401
from tests.storage.conftest import dynalite_stack, dynalite_url, moto_stack, stack  # noqa: F401

RUA = "dmarc-reports@reports.aligned.example"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Client]:
    monkeypatch.setenv(TABLE_REGISTRY, "test-registry")
    monkeypatch.setenv(RUA_ADDRESS, RUA)
    config: Settings = request.getfixturevalue("moto_stack")
    assert config.rollups_table
    registry_store.create_table(api_settings())
    import app as app_module

    with Client(app_module.app) as client:
        yield client


def ingest(xml: str, key: str) -> None:
    result = wiring.ingest_service().ingest_bytes(xml.encode(), key)
    assert result.failure is None, result.failure
