"""Backends for the storage and ingest tests: moto in-process (fast default) and a real dynalite process
(marked `dynalite`), each test on freshly named tables. AWS_ENDPOINT_URL_DYNAMODB is set only while a
dynalite-backed test runs, and restored afterwards."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from chalicelib import settings as settings_module
from chalicelib import wiring
from chalicelib.settings import Settings
from chalicelib.storage import tables
from chalicelib.storage.models import ReportItem
from local import dynalite
from local.processes import free_ports

BUCKET = "test-raw-mail"
_names = itertools.count()


@pytest.fixture(scope="session")
def dynalite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    problem = dynalite.missing()
    if problem:
        pytest.skip(problem)
    with dynalite.start(tmp_path_factory.mktemp("dynalite"), free_ports(1)[0]) as db:
        yield db.url


def _use_tables(monkeypatch: pytest.MonkeyPatch) -> Settings:
    n = next(_names)
    for var, suffix in ((settings_module.TABLE_REPORTS, "reports"), (settings_module.TABLE_ROLLUPS, "rollups"),
                        (settings_module.TABLE_DOMAINS, "domains"), (settings_module.TABLE_FAILURES, "failures")):
        monkeypatch.setenv(var, f"t{n}-{suffix}")
    monkeypatch.setenv(settings_module.RAW_BUCKET, BUCKET)
    wiring.reset()
    config = settings_module.settings()
    tables.create_all(config=config)
    return config


@pytest.fixture
def moto_stack() -> Iterator[Settings]:
    """moto for S3 and DynamoDB; fresh tables and the raw-mail bucket."""
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as env, mock_aws():
        config = _use_tables(env)
        wiring.s3_client().create_bucket(Bucket=BUCKET)
        yield config
    wiring.reset()


@pytest.fixture
def dynalite_stack(dynalite_url: str) -> Iterator[Settings]:
    """dynalite for DynamoDB (over a real connection), moto for S3. The endpoint variable is set only here."""
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynalite_url)
        config = _use_tables(env)
        endpoint = ReportItem._get_connection().connection.client.meta.endpoint_url
        assert endpoint == dynalite_url, f"DynamoDB calls go to {endpoint}, not dynalite"
        wiring.s3_client().create_bucket(Bucket=BUCKET)
        yield config
    wiring.reset()
    assert "AWS_ENDPOINT_URL_DYNAMODB" not in os.environ


@pytest.fixture(params=["moto", pytest.param("dynalite", marks=pytest.mark.dynalite)])
def stack(request: pytest.FixtureRequest) -> Settings:
    """Runs a test against both backends: the storage contract."""
    return request.getfixturevalue(f"{request.param}_stack")
