"""A day with 100,000 distinct sources (bench.bigday's generator), stored as ingest leaves it (head and overflow
items, on moto): the facts CSV of every record is too large to answer directly, so it arrives through the
exports bucket and a presigned URL; drill-down pages and the CSV stay within a memory bound that does not grow
with the day (tracemalloc)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from chalice.test import Client

from bench.bigday import CALLS, DAY, DOMAIN, SOURCES, CountingExports, big_day_facts, peak_of, store_big_day
from chalicelib import wiring
from chalicelib.settings import Exports
from tests.storage.conftest import fresh_settings, installed

pytestmark = pytest.mark.slow
FACTS_CSV = CALLS["facts CSV (every record)"]
BOUND_MB = 60.0  # the goal is 100 MB for a whole Lambda; the calls below stay well under it


@pytest.fixture(scope="module")
def facts() -> list[Any]:
    return big_day_facts()


@pytest.fixture
def big_day(facts: list[Any]) -> Iterator[Any]:
    from moto import mock_aws

    config = replace(fresh_settings("big"), exports=Exports("test-exports", "exports/", 4_000_000, 120))
    with mock_aws(), installed(config) as built:
        built.s3_client.create_bucket(Bucket="test-exports")
        store_big_day(built, facts)
        yield config


def _client_call(config: Any, path: str, **overrides: Any) -> tuple[float, Any]:
    previous = wiring.install(wiring.bootstrap(config, **overrides))  # a cold container, as a new Lambda
    try:
        import app as app_module

        with Client(app_module.app) as client:
            return peak_of(lambda: client.http.get(path))
    finally:
        wiring.install(previous)


def test_the_facts_csv_of_a_100k_source_day_arrives_through_a_presigned_url(big_day: Any) -> None:
    import requests

    _, response = _client_call(big_day, FACTS_CSV)
    assert response.status_code == 200
    link = json.loads(response.body)["export"]
    assert link["expires_in"] == 120 and link["bytes"] > 4_000_000
    assert link["filename"] == f"aligned-{DOMAIN}-facts-{DAY}-{DAY}.csv"
    assert "X-Amz-Signature=" in link["url"] and "X-Amz-Expires=120" in link["url"]
    fetched = requests.get(link["url"], timeout=60)  # no credentials: the URL carries them
    assert fetched.status_code == 200
    assert fetched.headers["Content-Disposition"] == f'attachment; filename="{link["filename"]}"'
    assert len(fetched.content) == link["bytes"]
    rows = list(csv.reader(io.StringIO(fetched.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["day", "source_ip", "reporter"]
    assert len(rows) == 1 + SOURCES
    assert len({r[1] for r in rows[1:]}) == SOURCES


def test_memory_of_the_big_day_calls_does_not_follow_the_day_size(big_day: Any) -> None:
    peaks = {}
    for label in ("facts CSV (every record)", "facts page 1 (500)", "facts page 20 (9500+500)",
                  "facts of one source"):
        exports = CountingExports()
        peak, response = _client_call(big_day, CALLS[label], export_store=exports)
        assert response.status_code == 200, response.body[:300]
        peaks[label] = peak
    assert max(peaks.values()) < BOUND_MB, peaks
    page = json.loads(_client_call(big_day, CALLS["facts page 20 (9500+500)"])[1].body)
    assert page["total_facts"] == SOURCES and len(page["items"]) == 500 and page["next_offset"] is None
    beyond = _client_call(big_day, f"/api/domains/{DOMAIN}/facts?from={DAY}&to={DAY}&offset=10000&limit=1")[1]
    assert beyond.status_code == 400 and json.loads(beyond.body)["error"] == "beyond_drill_window"
