"""Source-IP registry use cases: entries of one domain (create, list, update, delete), CSV import (all or
nothing, every bad line reported) and export, and the Matcher of the current registry, kept in memory per
(domain, registry version) so an analysis costs one small read to learn whether it is still current."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chalicelib.errors import EntryExists, ImportRejected, InvalidInput, RegistryError, UnknownEntry
from chalicelib.ports.ingest import Domains
from chalicelib.ports.registry import RegistryStore
from chalicelib.registry import Matcher, RegistryEntry, export_csv, import_csv, make_entry, parse_target, sort_key
from chalicelib.registry.csvio import check_size
from chalicelib.services.domains import active_domain

MATCHERS_KEPT = 256  # the portfolio reads every domain's: room for a few hundred domains


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
    """The canonical CIDR of an entry id (or of a CIDR / bare address, or "service:<id>"). Raises InvalidInput
    naming "id"."""
    try:
        return str(parse_target(text if text.lower().startswith("service:") else text.replace("_", "/"),
                                known=lambda _: True))
    except RegistryError as exc:
        raise InvalidInput(exc.code, "id", **exc.params) from None


def ordered(entries: Iterable[RegistryEntry]) -> tuple[RegistryEntry, ...]:
    return tuple(sorted(entries, key=sort_key))


class RegistryService:
    def __init__(self, store: RegistryStore, domains: Domains) -> None:
        self.store, self.domains = store, domains
        self._matchers: OrderedDict[tuple[str, int], Matcher] = OrderedDict()
        self._lock = threading.Lock()  # the portfolio asks from several threads

    def matcher(self, domain: str) -> Matcher:
        """The Matcher of the domain's current registry (domain as stored; not checked here). First use of the
        domain in this container: the snapshot (one read). Then the version (one small read), and the snapshot
        again only when the version is new."""
        return self.versioned(domain)[1]

    def version(self, domain: str) -> int:
        return self.store.version(domain)

    def versions(self, domains: Sequence[str]) -> dict[str, int]:
        return self.store.versions(domains)

    def versioned(self, domain: str) -> tuple[int, Matcher]:
        """(version, Matcher) of the domain's current registry, as `matcher` reads them (thread-safe: the
        portfolio reads domains from several threads)."""
        with self._lock:
            known = any(name == domain for name, _ in self._matchers)
        if known:
            key = (domain, self.store.version(domain))
            with self._lock:
                found = self._matchers.get(key)
                if found is not None:
                    self._matchers.move_to_end(key)
                    return key[1], found
        version, entries = self.store.snapshot(domain)
        found = Matcher(entries)
        with self._lock:
            self._matchers[(domain, version)] = found
            self._matchers.move_to_end((domain, version))
            while len(self._matchers) > MATCHERS_KEPT:
                self._matchers.popitem(last=False)
        return version, found

    def list(self, domain: str) -> Listing:
        name = active_domain(self.domains, domain)
        version, entries = self.store.snapshot(name)
        return Listing(version, ordered(entries))

    def create(self, domain: str, cidr: object, tag: object, comment: object = "") -> RegistryEntry:
        name = active_domain(self.domains, domain)
        entry = _entry(cidr, tag, comment)

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
            if entry.key in current:
                raise EntryExists(entry.key)
            current[entry.key] = entry
            return current

        self.store.edit(name, change)
        return entry

    def update(self, domain: str, id_: str, tag: object, comment: object = "", cidr: object = None) -> RegistryEntry:
        """Replaces the entry's tag and comment; a different `cidr` moves the entry to that range."""
        name = active_domain(self.domains, domain)
        key = parse_entry_id(id_)
        result: list[RegistryEntry] = []

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
            if key not in current:
                raise UnknownEntry(key)
            entry = _entry(key if cidr is None else cidr, tag, comment)
            if entry.key != key:
                if entry.key in current:
                    raise EntryExists(entry.key)
                del current[key]
            current[entry.key] = entry
            result[:] = [entry]
            return current

        self.store.edit(name, change)
        return result[0]

    def delete(self, domain: str, id_: str) -> None:
        name = active_domain(self.domains, domain)
        key = parse_entry_id(id_)

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
            if current.pop(key, None) is None:
                raise UnknownEntry(key)
            return current

        self.store.edit(name, change)

    def import_csv(self, domain: str, data: bytes, replace: bool = False) -> Imported:
        """All or nothing: a file with any bad line raises ImportRejected listing the problems (the first
        hundred, then how many more). A body over the size limit is refused before anything else."""
        check_size(len(data))
        name = active_domain(self.domains, domain)
        parsed = import_csv(data)
        if parsed.errors:
            raise ImportRejected(parsed.errors, count=parsed.problems)
        incoming = {e.key for e in parsed.entries}
        counts = [0, 0, 0]  # created, changed, gone: of the attempt that was stored

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry] | None:
            changed = [e for e in parsed.entries if current.get(e.key) != e]
            gone = [key for key in current if key not in incoming] if replace else []
            counts[:] = [sum(1 for e in changed if e.key not in current), len(changed), len(gone)]
            for key in gone:
                del current[key]
            current.update((e.key, e) for e in changed)
            return current if changed or gone else None

        version = self.store.edit(name, change)
        created, changed, gone = counts
        return Imported(created, changed - created, len(parsed.entries) - changed, gone, version)

    def export_csv(self, domain: str) -> bytes:
        name = active_domain(self.domains, domain)
        return export_csv(self.store.snapshot(name)[1])


def _entry(cidr: object, tag: object, comment: object) -> RegistryEntry:
    for field, value in (("cidr", cidr), ("tag", tag)):
        if not isinstance(value, str):
            raise InvalidInput("required", field)
    if comment is not None and not isinstance(comment, str):
        raise InvalidInput("not_text", "comment")
    return make_entry(cidr, tag, comment)  # type: ignore[arg-type]
