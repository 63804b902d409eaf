"""RegistryStore port (and the TagSources built on it): versioned snapshots, edits that do nothing, bumps."""
from __future__ import annotations

from chalicelib.registry import RegistryEntry, make_entry
from chalicelib.wiring import Container

D = "example.com"


def test_edits_version_the_snapshot(built: Container) -> None:
    store = built.registry
    assert store.snapshot(D) == (0, []) and store.version(D) == 0

    def add(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
        return {**current, "192.0.2.0/24": make_entry("192.0.2.0/24", "mta", "本社")}

    assert store.edit(D, add) == 1
    assert store.edit(D, add) == 1  # unchanged: nothing written
    assert store.edit(D, lambda current: None) == 1
    assert store.edit(D, lambda current: {**current, "2001:db8::/32": make_entry("2001:db8::/32", "v6")}) == 2
    version, entries = store.snapshot(D)
    assert version == store.version(D) == 2
    assert sorted((e.key, e.tag, e.comment) for e in entries) == [("192.0.2.0/24", "mta", "本社"),
                                                                  ("2001:db8::/32", "v6", "")]
    assert store.snapshot("other.example") == (0, [])


def test_convenience_edits_and_tags(built: Container) -> None:
    store = built.registry
    assert store.put(D, make_entry("192.0.2.0/24", "mta"))  # type: ignore[attr-defined]
    assert not store.put(D, make_entry("192.0.2.0/24", "x"), only_new=True)  # type: ignore[attr-defined]
    assert store.put_many(D, [make_entry("198.51.100.7", "host")]) == 2  # type: ignore[attr-defined]
    assert store.delete(D, "198.51.100.7/32") and not store.delete(D, "198.51.100.7/32")  # type: ignore[attr-defined]
    assert store.bump(D) == 4 and store.get(D, "192.0.2.0/24").tag == "mta"  # type: ignore[attr-defined]
    assert built.tags.for_domain(D).tag_of("192.0.2.9") == "mta"
    assert built.tags.for_domain(D).tag_of("203.0.113.1") is None


def test_versions_of_many_domains_at_once(built: Container) -> None:
    store = built.registry
    names = [f"d{n:03d}.example" for n in range(130)]  # past one BatchGetItem's 100 keys
    for n, name in enumerate(names[:5]):
        for k in range(n + 1):
            store.put(name, make_entry(f"192.0.2.{k}", "mta"))  # type: ignore[attr-defined]
    assert store.versions(names) == {name: (n + 1 if n < 5 else 0) for n, name in enumerate(names)}
    assert store.versions([]) == {}
