"""One contract per port, run against the in-memory fake, moto (in-process) and dynalite (marked `dynalite`).
`built` is a container whose adapters are the fakes or the real ones on fresh tables; each contract test takes
its port from it by the name wiring.bootstrap uses."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.settings import Settings
from chalicelib.storage import tables
from tests.storage.conftest import BUCKET, dynalite_url, fresh_settings  # noqa: F401

BACKENDS = ["memory", "moto", pytest.param("dynalite", marks=pytest.mark.dynalite)]


def _real(config: Settings) -> wiring.Container:
    tables.create_all(config.tables)
    built = wiring.bootstrap(config)
    built.s3_client.create_bucket(Bucket=BUCKET)
    return built


@pytest.fixture(params=BACKENDS)
def built(request: pytest.FixtureRequest) -> Iterator[wiring.Container]:
    config = fresh_settings("c")
    if request.param == "memory":
        yield wiring.bootstrap(config, **memory_adapters())
        return
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as env, mock_aws():
        if request.param == "dynalite":
            env.setenv("AWS_ENDPOINT_URL_DYNAMODB", request.getfixturevalue("dynalite_url"))
        yield _real(config)
