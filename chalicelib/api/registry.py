"""The source-IP registry of a domain: entries (CRUD, addressed by id = CIDR with "/" as "_"), CSV import
(all or nothing, with a per-line error report) and export (UTF-8 with BOM)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import csv_response
from chalicelib.api.params import flag, json_body, query

if TYPE_CHECKING:
    from chalicelib.registry import RegistryEntry

registry_api = ApiBlueprint(__name__)
BASE = "/api/domains/{domain}/registry"
CSV_UPLOAD = ["text/csv", "application/octet-stream", "text/plain"]


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().registry_service


def _entry(entry: RegistryEntry) -> dict[str, Any]:
    from chalicelib.services.registry import entry_id

    return {"id": entry_id(entry), "cidr": entry.key, "tag": entry.tag, "comment": entry.comment}


@registry_api.route(BASE, permission=Permission.READ, methods=["GET"])
def list_entries(domain: str) -> dict[str, Any]:
    listing = _service().list(domain)
    return {"domain": domain, "version": listing.version, "items": [_entry(e) for e in listing.entries]}


@registry_api.route(BASE, permission=Permission.REGISTRY_WRITE, methods=["POST"])
def create_entry(domain: str) -> Response:
    body = json_body(registry_api.current_request)
    entry = _service().create(domain, body.get("cidr"), body.get("tag"), body.get("comment", ""))
    return Response(body=_entry(entry), status_code=201)


@registry_api.route(BASE + "/{entry}", permission=Permission.REGISTRY_WRITE, methods=["PUT"])
def update_entry(domain: str, entry: str) -> dict[str, Any]:
    body = json_body(registry_api.current_request)
    updated = _service().update(domain, entry, body.get("tag"), body.get("comment", ""), body.get("cidr"))
    return _entry(updated)


@registry_api.route(BASE + "/{entry}", permission=Permission.REGISTRY_WRITE, methods=["DELETE"])
def delete_entry(domain: str, entry: str) -> Response:
    _service().delete(domain, entry)
    return Response(body="", status_code=204)


@registry_api.route(BASE + "/import", permission=Permission.REGISTRY_WRITE, methods=["POST"], content_types=CSV_UPLOAD)
def import_entries(domain: str) -> dict[str, Any]:
    request = registry_api.current_request
    replace = flag(query(request), "replace") or False
    done = _service().import_csv(domain, request.raw_body if request else b"", replace)
    return {"created": done.created, "updated": done.updated, "unchanged": done.unchanged,
            "deleted": done.deleted, "version": done.version}


@registry_api.route(BASE + "/export", permission=Permission.READ, methods=["GET"])
def export_entries(domain: str) -> Response:
    return csv_response(_service().export_csv(domain), f"aligned-registry-{domain}.csv")
