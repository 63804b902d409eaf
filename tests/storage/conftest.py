"""Backends for the storage and ingest tests: moto in-process (fast default) and a real dynalite process
(marked `dynalite`), each test on freshly named tables. AWS_ENDPOINT_URL_DYNAMODB is set only while a
dynalite-backed test runs, and restored afterwards."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

import pytest

from chalicelib import wiring
from chalicelib.settings import RawMail, Settings, Tables
from chalicelib.storage import tables
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import ReportItem
from local import dynalite
from local.processes import free_ports
from tests.offline import offline_settings

BUCKET = "test-raw-mail"
_names = itertools.count()


@pytest.fixture(scope="session")
def dynalite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    problem = dynalite.missing()
    if problem:
        pytest.skip(problem)
    with dynalite.start(tmp_path_factory.mktemp("dynalite"), free_ports(1)[0]) as db:
        yield db.url


def fresh_settings(prefix: str = "t") -> Settings:
    """Offline settings (no DNS) on freshly named tables (one set per call) and the test raw-mail bucket."""
    n = next(_names)
    names = {f.name: f"{prefix}{n}-{f.name}" for f in fields(Tables)}
    return offline_settings(tables=Tables(**names), raw_mail=RawMail(BUCKET, "incoming/"))


@contextmanager
def installed(config: Settings, **overrides: Any) -> Iterator[wiring.Container]:
    """Creates the tables of `config`, makes a container on it the process container, restores the old one."""
    tables.create_all(config.tables)
    built = wiring.bootstrap(config, **overrides)
    previous = wiring.install(built)
    try:
        yield built
    finally:
        wiring.install(previous)


@pytest.fixture
def moto_stack() -> Iterator[Settings]:
    """moto for S3 and DynamoDB; fresh tables and the raw-mail bucket."""
    from moto import mock_aws

    config = fresh_settings()
    with mock_aws(), installed(config) as built:
        built.s3_client.create_bucket(Bucket=BUCKET)
        yield config


@pytest.fixture
def dynalite_stack(dynalite_url: str) -> Iterator[Settings]:
    """dynalite for DynamoDB (over a real connection), moto for S3. The endpoint variable is set only here."""
    from moto import mock_aws

    config = fresh_settings()
    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynalite_url)
        with installed(config) as built:
            model = bind_model(ReportItem, config.tables.reports)
            endpoint = model._get_connection().connection.client.meta.endpoint_url
            assert endpoint == dynalite_url, f"DynamoDB calls go to {endpoint}, not dynalite"
            built.s3_client.create_bucket(Bucket=BUCKET)
            yield config
    assert "AWS_ENDPOINT_URL_DYNAMODB" not in os.environ


@pytest.fixture(params=["moto", pytest.param("dynalite", marks=pytest.mark.dynalite)])
def stack(request: pytest.FixtureRequest) -> Settings:
    """Runs a test against both backends: the storage contract."""
    return request.getfixturevalue(f"{request.param}_stack")
