"""Bound models share one botocore session per thread (a new session reloads botocore's service data: ~0.1 s of
CPU per table in a new container)."""
from __future__ import annotations

import pytest

from chalicelib.storage.binding import bind_model, shared_session
from chalicelib.storage.models import ReportItem, RollupItem

pytestmark = pytest.mark.unit


def test_bound_models_share_one_session() -> None:
    one = bind_model(RollupItem, "t-rollups")._get_connection().connection
    two = bind_model(ReportItem, "t-reports")._get_connection().connection
    assert one is not two
    assert one.session is two.session is shared_session()
