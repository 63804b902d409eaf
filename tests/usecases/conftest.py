"""The use cases on the in-memory fakes of chalicelib.adapters.memory: a container per test, no AWS and no DNS."""
from __future__ import annotations

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from tests.offline import offline_settings


@pytest.fixture
def app() -> wiring.Container:
    return wiring.bootstrap(offline_settings(), **memory_adapters())
