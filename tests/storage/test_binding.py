"""Bound models share one botocore session and client (a new session reloads botocore's service data: ~0.1 s of
CPU per table in a new container)."""
from __future__ import annotations

import pytest

from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import ReportItem, RollupItem

pytestmark = pytest.mark.unit


def test_bound_models_share_one_session() -> None:
    one = bind_model(RollupItem, "t-rollups")._get_connection().connection
    two = bind_model(ReportItem, "t-reports")._get_connection().connection
    assert one is not two
    assert one.session is two.session
    assert one.client is two.client


def test_bound_models_share_one_client_per_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")
    one = bind_model(RollupItem, "t-rollups")._get_connection().connection.client
    two = bind_model(ReportItem, "t-reports")._get_connection().connection.client
    assert one is two
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2")
    other = bind_model(ReportItem, "t-reports2")._get_connection().connection.client
    assert other is not one
    assert other.meta.endpoint_url == "http://127.0.0.1:2"
