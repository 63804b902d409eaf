"""CSV rendering of any table: UTF-8 with a BOM (so Excel opens Japanese text), CRLF line ends, one header
row. Text cells that a spreadsheet would read as a formula (starting with = + - @, tab or carriage return)
get a leading apostrophe (OWASP "CSV injection"); numbers are written as they are."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import BinaryIO

Cell = str | int | float | bool | date | Enum | None
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FLUSH_CHARS = 64 * 1024  # rows are encoded and written out in blocks of about this size


def safe_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, int | float):
        return value
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    out = io.BytesIO()
    write_csv(out, header, rows)
    return out.getvalue()


def write_csv(out: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Writes the CSV into `out` as the rows come (a block at a time), so any number of rows can be written
    from a stream without holding them."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    out.write("\ufeff".encode())
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
        if text.tell() > FLUSH_CHARS:
            out.write(text.getvalue().encode("utf-8"))
            text.seek(0)
            text.truncate()
    out.write(text.getvalue().encode("utf-8"))
