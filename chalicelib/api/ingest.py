"""GET /api/ingest/failures: messages that yielded no report, newest first, paged with `next`."""
from __future__ import annotations

from typing import Any

from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.params import query, token_page

ingest_api = ApiBlueprint(__name__)
DEFAULT_LIMIT = 50


@ingest_api.route("/api/ingest/failures", methods=["GET"])
def list_failures() -> dict[str, Any]:
    from chalicelib import wiring

    limit, token = token_page(query(ingest_api.current_request), DEFAULT_LIMIT)
    page = wiring.container().failures.page(limit, token)
    return {
        "items": [{"object_key": f.object_key, "kind": f.kind, "message": f.message, "at": f.at.isoformat()}
                  for f in page.items],
        "next": page.next_token,
    }
