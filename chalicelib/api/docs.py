"""GET /api/openapi.json: the OpenAPI 3 document of the whole API (built by chalicelib.api.openapi)."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.api.auth import authorizer

docs_api = Blueprint(__name__)


@docs_api.route("/api/openapi.json", methods=["GET"], authorizer=authorizer)
def openapi_document() -> dict[str, Any]:
    from chalicelib.api.openapi import document

    return document()
