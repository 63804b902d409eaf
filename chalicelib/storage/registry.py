"""Source-IP registry per domain as one snapshot: the domain's version item (sk "#version") holds the version
number and the whole registry (entries as [cidr, tag, comment], JSON, zlib'd, in a BinaryAttribute). Every edit is
a read-modify-write of that item: one conditional put on the version it read, retried from a fresh read when
another edit came first, so concurrent edits never lose each other and entries and version change together (no
transactions needed). A reader learns the version with one small read and loads a new version's whole registry
with one item read, not one per entry.

A snapshot larger than INLINE_MAX goes to immutable part items (sk "#part#<token>#<n>", at most PART_MAX bytes
each) written *before* the conditional version write that lists them; the parts it replaces are deleted after it
(or the new parts, when the write lost the race). A reader that finds a listed part gone re-reads the version item."""
from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence

from pynamodb.attributes import BinaryAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model

from chalicelib.registry import RegistryEntry, stored_target
from chalicelib.settings import DEFAULTS, TABLE_REGISTRY
from chalicelib.storage.binding import bind_model

VERSION = "#version"
PART = "#part#"
LAYOUT = 1  # snapshot encoding written into the version item's `layout`
INLINE_MAX = 350_000
PART_MAX = 350_000
MAX_ATTEMPTS = 50

Change = Callable[[dict[str, RegistryEntry]], dict[str, RegistryEntry] | None]


class ConflictError(RuntimeError):
    """A domain's registry kept changing: MAX_ATTEMPTS conditional writes lost in a row."""


class RegistryItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_REGISTRY]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    version = NumberAttribute(null=True)
    layout = NumberAttribute(null=True)  # set: `snapshot` / `parts` hold the registry at `version`
    snapshot = BinaryAttribute(null=True, legacy_encoding=False)  # the registry, or one part of it
    parts = ListAttribute(of=UnicodeAttribute, null=True)  # sort keys of the parts, in order


def encode_entries(entries: Iterable[RegistryEntry]) -> bytes:
    rows = sorted(([e.key, e.tag, e.comment] for e in entries), key=lambda row: row[0])
    return zlib.compress(json.dumps({"v": 1, "e": rows}, separators=(",", ":"), ensure_ascii=False).encode(), 6)


def decode_entries(blob: bytes) -> list[RegistryEntry]:
    body = json.loads(zlib.decompress(blob))
    if body.get("v") != 1:
        raise ValueError(f"unknown registry snapshot encoding {body.get('v')!r}")
    return [RegistryEntry(stored_target(cidr), tag, comment) for cidr, tag, comment in body["e"]]


class _State:
    """The registry as read: the version item (None: none yet) and the entries by key."""

    def __init__(self, head: RegistryItem | None, entries: list[RegistryEntry]) -> None:
        self.head = head
        self.entries = {e.key: e for e in entries}

    @property
    def version(self) -> int:
        return int(self.head.version or 0) if self.head is not None else 0


class DynamoRegistry:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(RegistryItem, table_name)

    # --- reads ----------------------------------------------------------------------------------------------
    def version(self, domain: str) -> int:
        try:
            item = self._items.get(domain, VERSION, consistent_read=True, attributes_to_get=["version"])
        except self._items.DoesNotExist:
            return 0
        return int(item.version or 0)

    def versions(self, domains: Sequence[str]) -> dict[str, int]:
        """The current version of each domain (0: never edited): the version items, 100 to a request."""
        keys = [(d, VERSION) for d in domains]
        found = {i.domain: int(i.version or 0) for i in self._items.batch_get(
            keys, consistent_read=True, attributes_to_get=["domain", "version"])} if keys else {}
        return {d: found.get(d, 0) for d in domains}

    def snapshot(self, domain: str) -> tuple[int, list[RegistryEntry]]:
        """(version, entries) read together: one item (a few for a registry over INLINE_MAX compressed)."""
        state = self._read(domain)
        return state.version, list(state.entries.values())

    def entries(self, domain: str) -> list[RegistryEntry]:
        return list(self._read(domain).entries.values())

    def get(self, domain: str, key: str) -> RegistryEntry | None:
        return self._read(domain).entries.get(key)

    # --- edits ----------------------------------------------------------------------------------------------
    def edit(self, domain: str, change: Change) -> int:
        """Applies `change` to a copy of the current entries (by key) and stores what it returns under the next
        version, as one conditional write; on a lost race it runs again on a fresh read (so it may run more than
        once: keep it free of side effects beyond recording its outcome). `change` returns None (or the entries
        unchanged) to write nothing, or raises to abort. Returns the version after the edit."""
        return self._edit(domain, change, force=False)

    def put(self, domain: str, entry: RegistryEntry, only_new: bool = False) -> bool:
        """Writes the entry; with `only_new`, False (nothing written) when its range is registered already."""
        written = [True]

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry] | None:
            written[0] = not (only_new and entry.key in current)
            if written[0]:
                current[entry.key] = entry
                return current
            return None

        self.edit(domain, change)
        return written[0]

    def delete(self, domain: str, key: str) -> bool:
        found = [False]

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry] | None:
            found[0] = current.pop(key, None) is not None
            return current if found[0] else None

        self.edit(domain, change)
        return found[0]

    def put_many(self, domain: str, entries: Iterable[RegistryEntry], delete: Iterable[str] = ()) -> int:
        entries, delete = list(entries), list(delete)

        def change(current: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
            for key in delete:
                current.pop(key, None)
            current.update((e.key, e) for e in entries)
            return current

        return self.edit(domain, change)

    def bump(self, domain: str) -> int:
        """A new version of unchanged entries (every edit bumps the version already)."""
        return self._edit(domain, lambda current: current, force=True)

    # --- internals ------------------------------------------------------------------------------------------
    def _read(self, domain: str) -> _State:
        for _ in range(MAX_ATTEMPTS):
            try:
                head: RegistryItem | None = self._items.get(domain, VERSION, consistent_read=True)
            except self._items.DoesNotExist:
                head = None
            if head is None:
                return _State(None, [])
            if head.layout is None or int(head.layout) != LAYOUT:
                raise ValueError(f"unknown registry layout {head.layout!r}")
            if not head.parts:
                return _State(head, decode_entries(head.snapshot) if head.snapshot else [])
            refs = [str(ref) for ref in head.parts]
            found = {i.sk: i.snapshot or b"" for i in
                     self._items.batch_get([(domain, ref) for ref in refs], consistent_read=True)}
            if all(ref in found for ref in refs):
                return _State(head, decode_entries(b"".join(found[ref] for ref in refs)))
            # a part is gone: an edit replaced this snapshot after our read; read the new one
        raise ConflictError(f"{domain}: registry snapshot kept changing while read")

    def _edit(self, domain: str, change: Change, force: bool) -> int:
        for _ in range(MAX_ATTEMPTS):
            state = self._read(domain)
            wanted = change(dict(state.entries))
            if not force and (wanted is None or wanted == state.entries):
                return state.version
            if self._write(domain, state, (wanted if wanted is not None else state.entries).values()):
                return state.version + 1
        raise ConflictError(f"{domain}: {MAX_ATTEMPTS} registry edits lost in a row")

    def _write(self, domain: str, state: _State, entries: Iterable[RegistryEntry]) -> bool:
        """The version item at state.version + 1 holding `entries`, if it is still at state.version."""
        blob = encode_entries(entries)
        parts: list[str] = []
        if len(blob) > INLINE_MAX:
            token = uuid.uuid4().hex
            for n, start in enumerate(range(0, len(blob), PART_MAX)):
                ref = f"{PART}{token}#{n:04d}"
                self._items(domain, ref, snapshot=blob[start:start + PART_MAX]).save()
                parts.append(ref)
        item = self._items(domain, VERSION, version=state.version + 1, layout=LAYOUT,
                            snapshot=None if parts else blob, parts=parts or None)
        head = state.head
        condition: Condition = (self._items.sk.does_not_exist() if head is None
                                else self._items.version == int(head.version))
        try:
            item.save(condition=condition)
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            self._delete(domain, parts)
            return False
        self._delete(domain, [*(head.parts or ())] if head is not None else [])
        return True

    def _delete(self, domain: str, sort_keys: Iterable[str]) -> None:
        keys = list(sort_keys)
        if keys:
            with self._items.batch_write() as batch:
                for sk in keys:
                    batch.delete(self._items(domain, sk))

