"""Ingest failures, one row per raw mail that gave no report or only part of its reports, newest first:
GET /api/ingest/failures (`from`, `to`: UTC days; `kind`; paged with `next`), and per row
POST .../{failure_id}/reprocess (the `cli reprocess` use case for its mail) and DELETE .../{failure_id}
(dismiss)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.params import choice, day, invalid, query, token_page

if TYPE_CHECKING:
    from chalicelib.ports.ingest import Failure

ingest_api = ApiBlueprint(__name__)
DEFAULT_LIMIT = 50
ROW = "/api/ingest/failures/{failure_id}"


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().failure_service


@ingest_api.route("/api/ingest/failures", permission=Permission.READ, methods=["GET"])
def list_failures() -> dict[str, Any]:
    from chalicelib.dmarc.errors import ErrorKind
    from chalicelib.ports.ingest import FailureFilter
    from chalicelib.services.ingest import MISSING_OBJECT

    params = query(ingest_api.current_request)
    limit, token = token_page(params, DEFAULT_LIMIT)
    start, end = day(params, "from"), day(params, "to")
    if start and end and start > end:
        raise invalid("range_reversed", "from", **{"from": start.isoformat(), "to": end.isoformat()})
    kind = choice(params, "kind", ("", *(k.value for k in ErrorKind), MISSING_OBJECT)) or None
    page = _service().list(limit, token, FailureFilter(start, end, kind), scope())
    return {"items": [failure_row(f) for f in page.items], "next": page.next_token}


@ingest_api.route(ROW + "/reprocess", permission=Permission.DOMAINS_WRITE, methods=["POST"])
def reprocess_failure(failure_id: str) -> dict[str, Any]:
    done = _service().reprocess(failure_id, scope())
    return {"id": done.failure_id, "reports": done.reports, "resolved": done.failure is None,
            "failure": failure_row(done.failure) if done.failure else None}


@ingest_api.route(ROW, permission=Permission.DOMAINS_WRITE, methods=["DELETE"])
def dismiss_failure(failure_id: str) -> Response:
    _service().dismiss(failure_id, scope())
    return Response(body="", status_code=204)


def failure_row(f: Failure) -> dict[str, Any]:
    return {"id": f.id, "object_key": f.object_key, "kind": f.kind, "message": f.message, "at": f.at.isoformat(),
            "name": f.name, "subject": f.subject, "sender": f.sender, "reports": f.reports, "partial": f.reports > 0}
