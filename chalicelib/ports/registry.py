"""The port of the registry use cases: a domain's source-IP registry as one versioned snapshot."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from chalicelib.registry import RegistryEntry

Change = Callable[[dict[str, RegistryEntry]], dict[str, RegistryEntry] | None]


class RegistryStore(Protocol):
    def version(self, domain: str) -> int:
        """The current version (0: never edited); one small read."""
        ...

    def versions(self, domains: Sequence[str]) -> dict[str, int]:
        """The current version of each domain, read in batches (the portfolio's 200 domains: two requests)."""
        ...

    def snapshot(self, domain: str) -> tuple[int, list[RegistryEntry]]:
        """(version, entries), read together: one item for any usual registry, not one per entry."""
        ...

    def edit(self, domain: str, change: Change) -> int:
        """Applies `change` to a copy of the entries (by key) and stores its result under the next version, or
        nothing when it returns None or the entries unchanged; atomic against concurrent edits (`change` may run
        again on a fresh read). Exceptions from `change` abort the edit. Returns the version after."""
        ...
