"""The tables the models need, by the `Settings.tables` field that names each, and creating/deleting them
(local stack, tests). infra/ builds the template's tables from SCHEMA too."""
from __future__ import annotations

import time
from dataclasses import asdict

from pynamodb.models import Model

from chalicelib.settings import Tables
from chalicelib.storage.access import AccessItem
from chalicelib.storage.alerts import AlertItem
from chalicelib.storage.binding import bind_model
from chalicelib.storage.dnscache import DnsNameItem
from chalicelib.storage.models import ChunkItem, DomainItem, FailureItem, ReportItem, RollupItem
from chalicelib.storage.posture import PostureItem
from chalicelib.storage.registry import RegistryItem

# Settings.tables field -> the models stored in that table (the first one's schema creates it).
SCHEMA: dict[str, tuple[type[Model], ...]] = {
    "reports": (ReportItem, ChunkItem),
    "rollups": (RollupItem,),
    "domains": (DomainItem,),
    "failures": (FailureItem,),
    "registry": (RegistryItem,),
    "alerts": (AlertItem,),
    "dns_cache": (DnsNameItem,),
    "posture": (PostureItem,),
    "access": (AccessItem,),
}


def owners(tables: Tables) -> list[type[Model]]:
    """One model per table, bound to its name in `tables`."""
    names = asdict(tables)
    return [bind_model(models[0], names[field]) for field, models in SCHEMA.items()]


def create_all(tables: Tables, wait: bool = True) -> list[str]:
    """Creates the tables that do not exist yet; returns their names."""
    created = []
    for model in owners(tables):
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


def delete_all(tables: Tables) -> None:
    for model in owners(tables):
        if model.exists():
            model.delete_table()
