"""The CSV of a bulk domain onboarding: one domain per line, optionally a display name after it (`domain` or
`domain,display_name`, with or without a header line naming the columns in any order). Read like the registry
CSV (UTF-8 with or without a BOM, or Shift_JIS; CRLF; blank lines; quoted fields): every bad line gets its own
error, numbered from 1 as an editor shows it, and after MAX_ERRORS errors the rest are only counted. Pure: the
domain-name rule is passed in."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.errors import InvalidInput, LineError
from chalicelib.registry.csvio import decode_text, unguard

MAX_BYTES = 256 * 1024  # checked before anything is read
MAX_DOMAINS = 1000
MAX_ERRORS = 100
MAX_DISPLAY_NAME = 100
COLUMNS = ("domain", "display_name")


@dataclass(frozen=True, slots=True)
class DomainLine:
    line: int
    domain: str  # as stored (services.domains.domain_name)
    display_name: str


@dataclass(frozen=True, slots=True)
class DomainFile:
    lines: tuple[DomainLine, ...]
    errors: tuple[LineError, ...]  # the first MAX_ERRORS
    more_errors: int = 0  # errors found after those

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors


class _Errors:
    def __init__(self) -> None:
        self.kept: list[LineError] = []
        self.more = 0

    def add(self, error: LineError) -> None:
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(error)
        else:
            self.more += 1


def read_domains(data: bytes | str, domain_name: Callable[[object, str], str]) -> DomainFile:
    """`domain_name(text, field)` returns the stored form of a name or raises InvalidInput."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return DomainFile((), (LineError(0, "csv_encoding"),))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[DomainLine] = []
    errors = _Errors()
    seen: dict[str, int] = {}
    columns: dict[str, int] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            cells = [unguard(cell.strip()) for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if columns is None:
                if "domain" in (cell.lstrip("\ufeff").lower() for cell in cells):
                    columns = _header(cells)
                    if columns is None:
                        bad = LineError(line, "onboarding_header", params={"allowed": list(COLUMNS)})
                        return DomainFile((), (bad,))
                    continue
                columns = {name: i for i, name in enumerate(COLUMNS)}
            if len(lines) >= MAX_DOMAINS:
                errors.add(LineError(line, "csv_too_many_rows", params={"max": MAX_DOMAINS}))
                break
            _read_row(cells, line, columns, domain_name, lines, errors, seen)
    except csv.Error as exc:
        errors.add(LineError(start, "csv_malformed", params={"detail": str(exc)}))
    if not lines and not errors.kept:
        errors.add(LineError(0, "onboarding_empty"))
    return DomainFile(tuple(lines), tuple(errors.kept), errors.more)


def _header(cells: list[str]) -> dict[str, int] | None:
    """The columns of a header line (one cell is `domain`); None when it names others or one twice."""
    names = [cell.lstrip("\ufeff").lower() for cell in cells]
    if not set(names) <= set(COLUMNS) or len(set(names)) != len(names):
        return None
    return {name: i for i, name in enumerate(names)}


def _read_row(cells: list[str], line: int, columns: dict[str, int], domain_name: Callable[[object, str], str],
              lines: list[DomainLine], errors: _Errors, seen: dict[str, int]) -> None:
    if len(cells) > max(columns.values()) + 1:
        errors.add(LineError(line, "csv_too_many_fields", params={"max": max(columns.values()) + 1,
                                                                  "found": len(cells)}))
        return
    value = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
    try:
        name = domain_name(value["domain"], "domain")
        display = display_name(value.get("display_name", ""))
    except InvalidInput as exc:
        errors.add(LineError.of(line, exc))
        return
    if name in seen:
        errors.add(LineError(line, "duplicate_domain", "domain", {"domain": name, "line": seen[name]}))
        return
    seen[name] = line
    lines.append(DomainLine(line, name, display))


def display_name(text: object) -> str:
    """A valid display name (text of at most MAX_DISPLAY_NAME characters, no control characters); raises
    InvalidInput naming `display_name`."""
    if not isinstance(text, str):
        raise InvalidInput("not_text", "display_name")
    text = text.strip()
    if len(text) > MAX_DISPLAY_NAME:
        raise InvalidInput("too_long", "display_name", max=MAX_DISPLAY_NAME)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidInput("control_characters", "display_name")
    return text
