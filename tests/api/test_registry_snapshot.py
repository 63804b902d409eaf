"""The registry store keeps each domain's whole registry in its version item: an edit is one conditional write,
a new version loads with one item read, concurrent edits are not lost, and large registries split into part
items."""
from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib import wiring
from chalicelib.registry import RegistryEntry, make_entry
from chalicelib.storage import registry as store_module
from chalicelib.storage.binding import bind_model
from chalicelib.storage.registry import PART, VERSION, DynamoRegistry, RegistryItem

D = "example.com"


def _store() -> DynamoRegistry:
    return DynamoRegistry(wiring.config().tables.registry)


def _items() -> type[RegistryItem]:
    return bind_model(RegistryItem, wiring.config().tables.registry)


def _sort_keys() -> list[str]:
    return sorted(i.sk for i in _items().query(D))


def test_edits_bump_the_version_and_keep_one_item(api: Client) -> None:
    store = _store()
    assert store.snapshot(D) == (0, [])
    assert store.put(D, make_entry("192.0.2.0/24", "mta", "本社"))
    assert not store.put(D, make_entry("192.0.2.0/24", "other"), only_new=True)
    assert store.put_many(D, [make_entry("2001:db8::/32", "v6"), make_entry("198.51.100.7", "host")]) == 2
    assert store.delete(D, "198.51.100.7/32") and not store.delete(D, "198.51.100.7/32")
    version, entries = store.snapshot(D)
    assert version == store.version(D) == 3
    assert sorted((e.key, e.tag, e.comment) for e in entries) == [("192.0.2.0/24", "mta", "本社"),
                                                                  ("2001:db8::/32", "v6", "")]
    assert _sort_keys() == [VERSION]
    assert store.bump(D) == 4 and len(store.entries(D)) == 2


def test_a_concurrent_edit_is_not_lost(api: Client) -> None:
    store, other = _store(), _store()
    calls = []

    def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
        calls.append(sorted(current))
        if len(calls) == 1:  # another writer gets in between our read and our write
            other.put(D, make_entry("203.0.113.0/24", "theirs"))
        current["192.0.2.0/24"] = make_entry("192.0.2.0/24", "ours")
        return current

    assert store.edit(D, change) == 2
    assert calls == [[], ["203.0.113.0/24"]]
    assert sorted(e.key for e in store.entries(D)) == ["192.0.2.0/24", "203.0.113.0/24"]


def test_a_large_registry_is_split_into_parts_replaced_on_edit(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "INLINE_MAX", 300)
    monkeypatch.setattr(store_module, "PART_MAX", 300)
    store = _store()
    many = [make_entry(f"10.{i // 256}.{i % 256}.0/24", f"tag-{i % 7}", f"comment {i}") for i in range(200)]
    store.put_many(D, many)
    first = [k for k in _sort_keys() if k.startswith(PART)]
    assert len(first) > 1
    store.delete(D, "10.0.5.0/24")
    second = [k for k in _sort_keys() if k.startswith(PART)]
    assert second and not set(first) & set(second)  # the old parts are gone
    version, entries = store.snapshot(D)
    assert version == 2 and len(entries) == 199


def test_a_new_container_loads_the_matcher_with_one_registry_read(api: Client) -> None:
    post = api.http.post
    assert post("/api/domains", body='{"name": "example.com"}', headers={"Content-Type": "application/json"}
                ).status_code == 201
    _store().put_many(D, [make_entry(f"10.0.{i}.0/24", "own") for i in range(50)])
    reads: list[str] = []
    from pynamodb.connection.base import Connection

    original = Connection._make_api_call

    def counting(self: Connection, operation: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        if kwargs.get("TableName") == wiring.config().tables.registry:
            reads.append(operation)
        return original(self, operation, kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(Connection, "_make_api_call", counting)
        service = wiring.bootstrap(wiring.config()).registry_service
        assert len(service.matcher(D)) == 50
        assert reads == ["GetItem"]  # the snapshot, not 50 entries
        service.matcher(D)
        assert reads == ["GetItem", "GetItem"]  # the version only
