"""Encoding at the edge: the core returns value objects; this package makes JSON (`jsonable.to_dict`), tables
(`tables`) and CSV (`csvfile.write_csv`) of them, and `respond` picks JSON or a CSV download in one place.
A CSV download larger than the inline size is stored by services.exports and answered with a short-lived URL:
`{"export": {"url", "filename", "bytes", "expires_in"}}` (the UI follows it)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from chalice import Response

if TYPE_CHECKING:
    from chalicelib.api.encode.csvfile import Cell
    from chalicelib.api.encode.tables import Stream
    from chalicelib.services.analyses import DayRange

CSV_TYPE = "text/csv; charset=utf-8"


def respond(domain: str, days: DayRange, name: str, result: Any, table: Callable[[], Stream], csv: bool,
            **extra: Any) -> Response | dict[str, Any]:
    """An analysis answer: a CSV download of `table()` when `csv`, otherwise the result as JSON, framed by the
    domain and the range, with `extra` fields added."""
    if csv:
        return csv_download(*table(), f"aligned-{domain}-{name}-{days.start}-{days.end}.csv")
    from chalicelib.api.encode.jsonable import to_dict

    fields = {} if result is None else to_dict(result)
    return {"domain": domain, "from": days.start.isoformat(), "to": days.end.isoformat(), **fields, **extra}


def csv_download(header: Sequence[str], rows: Iterable[Sequence[Cell]], filename: str) -> Response | dict[str, Any]:
    """The CSV of `rows` (written as they come): the file itself when small, else where to fetch it."""
    from chalicelib import wiring
    from chalicelib.api.encode.csvfile import write_csv
    from chalicelib.services.exports import Exported

    done = wiring.container().exports.deliver(filename, CSV_TYPE, lambda out: write_csv(out, header, rows))
    if isinstance(done, Exported):
        return {"export": {"url": done.url, "filename": done.filename, "bytes": done.size,
                           "expires_in": done.expires_in}}
    return csv_response(done, filename)


def csv_response(data: bytes, filename: str) -> Response:
    """UTF-8 CSV (with the BOM the renderers put first) as a download named `filename`."""
    return Response(body=data.decode("utf-8"), status_code=200,
                    headers={"Content-Type": CSV_TYPE, "Content-Disposition": f'attachment; filename="{filename}"'})
