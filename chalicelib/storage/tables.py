"""Binding models to the configured table names, and creating missing tables (local stack, tests)."""
from __future__ import annotations

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
            model.create_table(wait=wait, billing_mode="PAY_PER_REQUEST", ignore_update_ttl_errors=True)
            created.append(model.Meta.table_name)
    return created


def delete_all(config: Settings | None = None) -> None:
    bind(config)
    for model in owners():
        if model.exists():
            model.delete_table()
