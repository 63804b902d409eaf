"""Day summaries against the facts on real-shaped data: the demo data set (60 days, its registry) and the shared
report corpus (each policy domain over its whole span; skipped when absent), ingested through the use case."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from chalicelib import wiring
from chalicelib.adapters.memory import memory_adapters
from chalicelib.dmarc import read_message
from chalicelib.services.analyses import DayRange
from tests.offline import offline_settings
from tests.usecases.test_summaries import assert_as_facts

pytestmark = pytest.mark.unit

CORPUS = Path(os.environ.get("ALIGNED_CORPUS", "/work/shared/corpus/real"))


def fresh() -> wiring.Container:
    return wiring.bootstrap(offline_settings(), **memory_adapters())


def test_the_demo_data_set() -> None:
    from local.demo import DEMO_DOMAIN, demo_messages, demo_registry

    app = fresh()
    app.domains.add(DEMO_DOMAIN)
    for entry in demo_registry():
        app.registry_service.create(DEMO_DOMAIN, entry["cidr"], entry["tag"], entry.get("comment", ""))
    for name, raw in demo_messages(date(2026, 3, 1)):
        app.ingest.ingest_bytes(raw, f"incoming/{name}")
    span = app.rollups.span(DEMO_DOMAIN)
    assert span is not None
    assert_as_facts(app, DayRange(*span), DEMO_DOMAIN)


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"no corpus at {CORPUS}")
def test_the_shared_corpus() -> None:
    app = fresh()
    files = [CORPUS / line.split("\t", 1)[0] for line in (CORPUS / "MANIFEST.tsv").read_text().splitlines()[1:]]
    for path in files:
        outcome = read_message(path.read_bytes(), name=path.name)
        for report in outcome.reports:
            if app.domains.get(report.domain) is None:
                app.domains.add(report.domain)
    for path in files:
        app.ingest.ingest_bytes(path.read_bytes(), f"incoming/cli-{path.name}")  # as `cli import` stores it
    checked = 0
    for domain in app.domains.list():
        span = app.rollups.span(domain.name)
        if span is not None:
            assert_as_facts(app, DayRange(*span), domain.name)
            checked += 1
    assert checked >= 10
