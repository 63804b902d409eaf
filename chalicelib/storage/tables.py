"""Binding models to the configured table names, and creating missing tables (local stack, tests)."""
from __future__ import annotations

import time

from pynamodb.models import Model

from chalicelib.settings import Settings, settings
from chalicelib.storage.models import ChunkItem, DomainItem, FailureItem, ReportItem, RollupItem

_bound: Settings | None = None


def bind(config: Settings | None = None) -> None:
    """Points every model at the tables named in `config` (default: the process settings)."""
    global _bound
    config = config or settings()
    if config == _bound:
        return
    for model in (ReportItem, ChunkItem):
        model.Meta.table_name = config.reports_table
    RollupItem.Meta.table_name = config.rollups_table
    DomainItem.Meta.table_name = config.domains_table
    FailureItem.Meta.table_name = config.failures_table
    _bound = config


def owners() -> list[type[Model]]:
    """The models whose schema creates each table (ChunkItem shares ReportItem's table)."""
    return [ReportItem, RollupItem, DomainItem, FailureItem]


def create_all(wait: bool = True, config: Settings | None = None) -> list[str]:
    """Creates the tables that do not exist yet; returns their names."""
    bind(config)
    created = []
    for model in owners():
        if not model.exists():
            model.create_table(wait=False, billing_mode="PAY_PER_REQUEST", ignore_update_ttl_errors=True)
            created.append(model)
    if wait:
        _wait_active(created)
    return [m.Meta.table_name for m in created]


def _wait_active(models: list[type[Model]], timeout: float = 300.0) -> None:
    """Polls briskly (emulators are ready at once; AWS takes seconds), unlike pynamodb's own wait."""
    deadline = time.monotonic() + timeout
    pending = list(models)
    delay = 0.05
    while pending:
        pending = [m for m in pending if m.describe_table().get("TableStatus") != "ACTIVE"]
        if pending and time.monotonic() > deadline:
            raise TimeoutError(f"tables not active: {[m.Meta.table_name for m in pending]}")
        if pending:
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def delete_all(config: Settings | None = None) -> None:
    bind(config)
    for model in owners():
        if model.exists():
            model.delete_table()
