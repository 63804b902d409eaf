"""Errors of the API's use cases (domains, registry, analyses). chalicelib/api/errors.py maps them to HTTP."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class InvalidInput(ValueError):
    """A request value is invalid. `field` names it (a query parameter or a body field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class UnknownDomain(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"domain: {name!r} is not an analysis domain")
        self.field = "domain"


class UnknownEntry(LookupError):
    def __init__(self, cidr: str) -> None:
        super().__init__(f"cidr: {cidr} is not in the registry")
        self.field = "cidr"


class EntryExists(Exception):
    def __init__(self, cidr: str) -> None:
        super().__init__(f"cidr: {cidr} is already in the registry")
        self.field = "cidr"


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int  # 1-based line of the file; 0 for the file as a whole
    message: str
    field: str | None = None


class ImportRejected(ValueError):
    """A registry CSV with errors: nothing was written. `problems` lists every bad line."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        super().__init__(f"file: {len(problems)} problem(s) found; nothing was imported")
        self.field = "file"
        self.problems = tuple(problems)
