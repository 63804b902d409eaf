"""GET /api/openapi.json: the OpenAPI 3 document of the whole API (built by chalicelib.api.openapi)."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint

docs_api = ApiBlueprint(__name__)


@docs_api.route("/api/openapi.json", permission=Permission.SIGNED_IN, methods=["GET"])
def openapi_document() -> dict[str, Any]:
    from chalicelib.api.openapi import document

    return document()
