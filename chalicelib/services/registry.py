"""Source-IP registry use cases: entries of one domain (create, list, update, delete), CSV import (all or
nothing, every bad line reported) and export, and the Matcher of the current registry, kept in memory per
(domain, registry version) so an analysis costs one small read to learn whether it is still current."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from chalicelib.registry import Matcher, RegistryEntry, RegistryError, export_csv, import_csv, make_entry, parse_cidr
from chalicelib.services.domains import active_domain
from chalicelib.services.errors import EntryExists, ImportRejected, InvalidInput, LineProblem, UnknownEntry
from chalicelib.services.ports import Domains

MATCHERS_KEPT = 32


class RegistryStore(Protocol):
    def version(self, domain: str) -> int: ...

    def entries(self, domain: str) -> list[RegistryEntry]: ...

    def get(self, domain: str, key: str) -> RegistryEntry | None: ...

    def put(self, domain: str, entry: RegistryEntry, only_new: bool = False) -> bool: ...

    def delete(self, domain: str, key: str) -> bool: ...

    def put_many(self, domain: str, entries: Iterable[RegistryEntry], delete: Iterable[str] = ()) -> None: ...

    def bump(self, domain: str) -> int: ...


@dataclass(frozen=True, slots=True)
class Listing:
    version: int
    entries: tuple[RegistryEntry, ...]  # by IP version, address, prefix length


@dataclass(frozen=True, slots=True)
class Imported:
    created: int
    updated: int
    unchanged: int
    deleted: int  # replace mode: entries not in the file
    version: int


def entry_id(entry: RegistryEntry) -> str:
    """The path-safe id of an entry: its CIDR with "/" written as "_" (e.g. 192.0.2.0_24, 2001:db8::_32)."""
    return entry.key.replace("/", "_")


def parse_entry_id(text: str) -> str:
    """The canonical CIDR of an entry id (or of a CIDR / bare address). Raises InvalidInput naming "id"."""
    try:
        return str(parse_cidr(text.replace("_", "/")))
    except RegistryError as exc:
        raise InvalidInput("id", exc.message) from None


def ordered(entries: Iterable[RegistryEntry]) -> tuple[RegistryEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.cidr.version, int(e.cidr.network_address), e.cidr.prefixlen)))


class RegistryService:
    def __init__(self, store: RegistryStore, domains: Domains) -> None:
        self.store, self.domains = store, domains
        self._matchers: OrderedDict[tuple[str, int], Matcher] = OrderedDict()

    def matcher(self, domain: str) -> Matcher:
        """The Matcher of the domain's current registry (domain as stored; not checked here)."""
        key = (domain, self.store.version(domain))
        found = self._matchers.get(key)
        if found is None:
            found = self._matchers[key] = Matcher(self.store.entries(domain))
            while len(self._matchers) > MATCHERS_KEPT:
                self._matchers.popitem(last=False)
        else:
            self._matchers.move_to_end(key)
        return found

    def list(self, domain: str) -> Listing:
        name = active_domain(self.domains, domain)
        version = self.store.version(name)
        return Listing(version, ordered(self.store.entries(name)))

    def create(self, domain: str, cidr: object, tag: object, comment: object = "") -> RegistryEntry:
        name = active_domain(self.domains, domain)
        entry = _entry(cidr, tag, comment)
        if not self.store.put(name, entry, only_new=True):
            raise EntryExists(entry.key)
        self.store.bump(name)
        return entry

    def update(self, domain: str, id_: str, tag: object, comment: object = "", cidr: object = None) -> RegistryEntry:
        """Replaces the entry's tag and comment; a different `cidr` moves the entry to that range."""
        name = active_domain(self.domains, domain)
        key = parse_entry_id(id_)
        if self.store.get(name, key) is None:
            raise UnknownEntry(key)
        entry = _entry(key if cidr is None else cidr, tag, comment)
        if entry.key != key:
            if not self.store.put(name, entry, only_new=True):
                raise EntryExists(entry.key)
            self.store.delete(name, key)
        else:
            self.store.put(name, entry)
        self.store.bump(name)
        return entry

    def delete(self, domain: str, id_: str) -> None:
        name = active_domain(self.domains, domain)
        key = parse_entry_id(id_)
        if not self.store.delete(name, key):
            raise UnknownEntry(key)
        self.store.bump(name)

    def import_csv(self, domain: str, data: bytes, replace: bool = False) -> Imported:
        """All or nothing: a file with any bad line raises ImportRejected listing every problem."""
        name = active_domain(self.domains, domain)
        parsed = import_csv(data)
        if parsed.errors:
            raise ImportRejected([LineProblem(e.line, e.message, e.field) for e in parsed.errors])
        current = {e.key: e for e in self.store.entries(name)}
        changed = [e for e in parsed.entries if current.get(e.key) != e]
        incoming = {e.key for e in parsed.entries}
        gone = [key for key in current if key not in incoming] if replace else []
        if changed or gone:
            self.store.put_many(name, changed, gone)
            version = self.store.bump(name)
        else:
            version = self.store.version(name)
        created = sum(1 for e in changed if e.key not in current)
        return Imported(created, len(changed) - created, len(parsed.entries) - len(changed), len(gone), version)

    def export_csv(self, domain: str) -> bytes:
        name = active_domain(self.domains, domain)
        return export_csv(self.store.entries(name))


def _entry(cidr: object, tag: object, comment: object) -> RegistryEntry:
    for field, value in (("cidr", cidr), ("tag", tag)):
        if not isinstance(value, str):
            raise InvalidInput(field, "is required (text)")
    if comment is not None and not isinstance(comment, str):
        raise InvalidInput("comment", "must be text")
    try:
        return make_entry(cidr, tag, comment)  # type: ignore[arg-type]
    except RegistryError as exc:
        raise InvalidInput(exc.field, exc.message) from None
