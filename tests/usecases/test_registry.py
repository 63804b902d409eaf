"""Registry edits on fakes: create, update (also to another range), delete, CSV import all-or-nothing and
replace mode, export; each edit a new version, and the matcher follows the current version."""
from __future__ import annotations

import pytest

from chalicelib.errors import EntryExists, ImportRejected, UnknownDomain, UnknownEntry
from chalicelib.wiring import Container

D = "example.com"


@pytest.fixture
def registry(app: Container):  # type: ignore[no-untyped-def]
    app.domains.add(D)
    return app.registry_service


def test_create_update_delete(registry) -> None:  # type: ignore[no-untyped-def]
    registry.create(D, "192.0.2.0/24", "mta", "本社")
    with pytest.raises(EntryExists):
        registry.create(D, "192.0.2.0/24", "again")
    moved = registry.update(D, "192.0.2.0_24", "esp", "moved", cidr="198.51.100.0/24")
    assert moved.key == "198.51.100.0/24" and moved.tag == "esp"
    listing = registry.list(D)
    assert listing.version == 2 and [e.key for e in listing.entries] == ["198.51.100.0/24"]
    with pytest.raises(UnknownEntry):
        registry.delete(D, "192.0.2.0_24")
    registry.delete(D, "198.51.100.0_24")
    assert registry.list(D).entries == () and registry.list(D).version == 3
    with pytest.raises(UnknownDomain):
        registry.create("unknown.example", "192.0.2.0/24", "x")


def test_import_is_all_or_nothing_and_replace_drops_the_rest(registry) -> None:  # type: ignore[no-untyped-def]
    registry.create(D, "203.0.113.0/24", "old")
    with pytest.raises(ImportRejected) as rejected:
        registry.import_csv(D, b"cidr,tag,comment\n192.0.2.0/24,mta,\nnot-an-ip,x,\n")
    assert len(rejected.value.problems) == 1 and registry.list(D).version == 1
    done = registry.import_csv(D, b"cidr,tag,comment\n192.0.2.0/24,mta,\n2001:db8::/32,v6,\n", replace=True)
    assert (done.created, done.deleted, done.version) == (2, 1, 2)
    assert sorted(e.key for e in registry.list(D).entries) == ["192.0.2.0/24", "2001:db8::/32"]
    assert b"192.0.2.0/24" in registry.export_csv(D)


def test_the_matcher_follows_the_version(registry) -> None:  # type: ignore[no-untyped-def]
    registry.create(D, "192.0.2.0/24", "mta")
    first = registry.matcher(D)
    assert registry.matcher(D) is first and first.tag_of("192.0.2.1") == "mta"
    registry.update(D, "192.0.2.0_24", "esp")
    assert registry.matcher(D).tag_of("192.0.2.1") == "esp"
