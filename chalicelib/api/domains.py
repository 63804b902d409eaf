"""Analysis domains: /api/domains (list the caller's, add for an organization), /api/domains/{domain} (get,
remove), and /api/unclaimed (the policy domains with reports waiting for registration or for the proof)."""
from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.params import flag, json_body, query

domains_api = ApiBlueprint(__name__)


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().domain_service


@domains_api.route("/api/domains", permission=Permission.READ, methods=["GET"])
def list_domains() -> dict[str, Any]:
    removed = flag(query(domains_api.current_request), "include_removed") or False
    return {"items": [to_dict(d) for d in _service().list(removed, scope())]}


@domains_api.route("/api/domains", permission=Permission.DOMAINS_WRITE, methods=["POST"])
def add_domain() -> Response:
    from chalicelib.domaincsv import display_name

    body = json_body(domains_api.current_request)
    added = _service().add(body.get("name"), body.get("org"), scope().principal, body.get("proven") is not False,
                           display_name(body.get("display_name") or ""))
    body = {**to_dict(added.domain), "claimed_days": added.claimed_days, "claimed": to_dict(added.claimed)}
    return Response(body=body, status_code=200 if added.existed else 201)


@domains_api.route("/api/unclaimed", permission=Permission.READ, methods=["GET"])
def list_unclaimed() -> dict[str, Any]:
    """Policy domains with reports stored but not registered (the operator), or an organization's unproven
    domains with older reports waiting for the proof: reports, messages, first and last day."""
    return {"items": [to_dict(u) for u in _service().unclaimed(scope())]}


@domains_api.route("/api/domains/{domain}", permission=Permission.READ, methods=["GET"])
def get_domain(domain: str) -> dict[str, Any]:
    return to_dict(_service().get(domain))  # type: ignore[no-any-return]


@domains_api.route("/api/domains/{domain}", permission=Permission.DOMAINS_WRITE, methods=["DELETE"])
def remove_domain(domain: str) -> Response:
    _service().remove(domain)
    return Response(body="", status_code=204)
