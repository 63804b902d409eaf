"""CSV import and export of registry entries (header ``cidr,tag,comment``; the cidr cell may be "service:<id>").

Import tolerates a UTF-8 BOM, Shift_JIS (cp932, what Japanese Excel saves by default), CRLF, blank lines,
quoted fields (including line breaks inside quotes), header columns in any order and an optional comment
column. It never stops at the first bad line: every line gets its own error, numbered from 1 as an editor
shows it. Export writes UTF-8 with a BOM so Excel opens Japanese text, and guards cells against formula
injection with a leading quote, which import removes again so a round trip is lossless."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.errors import LineError, RegistryError
from chalicelib.registry.entry import RegistryEntry, make_entry, sort_key

HEADER = ("cidr", "tag", "comment")
MAX_ROWS = 10_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvImport:
    entries: tuple[RegistryEntry, ...]
    errors: tuple[LineError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def import_csv(data: bytes | str) -> CsvImport:
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return CsvImport((), (LineError(0, "csv_encoding"),))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: list[RegistryEntry] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    columns: dict[str, int] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header(row)
                if columns is None:
                    return CsvImport((), (LineError(line, "csv_header"),))
                continue
            if len(entries) >= MAX_ROWS:
                errors.append(LineError(line, "csv_too_many_rows", params={"max": MAX_ROWS}))
                break
            _read_row(row, line, columns, entries, errors, seen)
    except csv.Error as exc:
        errors.append(LineError(start, "csv_malformed", params={"detail": str(exc)}))
    if columns is None:
        errors.append(LineError(0, "csv_empty"))
    return CsvImport(tuple(entries), tuple(errors))


def export_csv(entries: Iterable[RegistryEntry]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    ordered = sorted(entries, key=sort_key)
    for e in ordered:
        writer.writerow((str(e.cidr), _guard(e.tag), _guard(e.comment)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _read_row(
    row: list[str], line: int, columns: dict[str, int], entries: list[RegistryEntry], errors: list[LineError],
    seen: dict[str, int],
) -> None:
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
        errors.append(LineError(line, "csv_too_many_fields", params={"max": len(columns), "found": len(row)}))
        return
    cells = {name: unguard(row[i].strip()) if i < len(row) else "" for name, i in columns.items()}
    try:
        entry = make_entry(cells["cidr"], cells["tag"], cells.get("comment", ""))
    except RegistryError as exc:
        errors.append(LineError.of(line, exc))
        return
    if entry.key in seen:
        errors.append(LineError(line, "csv_duplicate", "cidr", {"cidr": entry.key, "line": seen[entry.key]}))
        return
    seen[entry.key] = line
    entries.append(entry)


def _header(row: list[str]) -> dict[str, int] | None:
    names = [cell.strip().lstrip("\ufeff").lower() for cell in row]
    while names and not names[-1]:
        names.pop()
    if "cidr" not in names or "tag" not in names or len(set(names)) != len(names) or not set(names) <= set(HEADER):
        return None
    return {name: i for i, name in enumerate(names)}


def decode_text(data: bytes | str) -> str:
    """CSV bytes as text: UTF-8 (a BOM dropped), else Shift_JIS (cp932); raises UnicodeDecodeError."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def unguard(cell: str) -> str:
    """A cell without the quote `_guard` put before a formula-like start."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell
