"""GET /api/ingest/failures: messages that yielded no report, newest first, paged with `next`."""
from __future__ import annotations

from typing import Any

from chalice import BadRequestError, Blueprint

from chalicelib.api import auth

ingest_api = Blueprint(__name__)

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


@ingest_api.route("/api/ingest/failures", methods=["GET"], authorizer=auth.authorizer)
def list_failures() -> dict[str, Any]:
    from chalicelib import wiring
    from chalicelib.storage.paging import BadToken

    params = dict(ingest_api.current_request.query_params or {})
    limit = _limit(params.get("limit"))
    try:
        page = wiring.failures().page(limit, params.get("next"))
    except BadToken as exc:
        raise BadRequestError(str(exc)) from exc
    return {
        "items": [{"object_key": f.object_key, "kind": f.kind, "message": f.message, "at": f.at.isoformat()}
                  for f in page.items],
        "next": page.next_token,
    }


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequestError(f"limit must be an integer from 1 to {MAX_LIMIT}")
    return int(raw)
