"""Encoding at the edge: the core returns value objects; this package makes JSON (`jsonable.to_dict`), tables
(`tables`) and CSV (`csvfile.render_csv`) of them, and `respond` picks JSON or a CSV download in one place."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice import Response

if TYPE_CHECKING:
    from chalicelib.api.encode.tables import Table
    from chalicelib.services.analyses import DayRange

CSV_TYPE = "text/csv; charset=utf-8"


def respond(domain: str, days: DayRange, name: str, result: Any, table: Callable[[], Table], csv: bool,
            **extra: Any) -> Response | dict[str, Any]:
    """An analysis answer: a CSV download of `table()` when `csv`, otherwise the result as JSON, framed by the
    domain and the range, with `extra` fields added."""
    if csv:
        from chalicelib.api.encode.csvfile import render_csv

        return csv_response(render_csv(*table()), f"aligned-{domain}-{name}-{days.start}-{days.end}.csv")
    from chalicelib.api.encode.jsonable import to_dict

    fields = {} if result is None else to_dict(result)
    return {"domain": domain, "from": days.start.isoformat(), "to": days.end.isoformat(), **fields, **extra}


def csv_response(data: bytes, filename: str) -> Response:
    """UTF-8 CSV (with the BOM the renderers put first) as a download named `filename`."""
    return Response(body=data.decode("utf-8"), status_code=200,
                    headers={"Content-Type": CSV_TYPE, "Content-Disposition": f'attachment; filename="{filename}"'})
