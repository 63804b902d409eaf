"""The use cases on the in-memory fakes of chalicelib.adapters.memory: a container per test, no AWS at all."""
from __future__ import annotations

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.settings import Settings


@pytest.fixture
def app() -> wiring.Container:
    return wiring.bootstrap(Settings.from_env({}), **memory_adapters())
