"""Who the caller is (/api/me), organizations (/api/orgs: list, create), their members (list, add or change a
role, remove), domain ownership claims by DNS TXT (/api/orgs/{org}/claims/{name}: the record to publish; POST:
verify now) and the operator's assignment of a domain (/api/domains/{domain}/owner)."""
from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.access.permissions import ROLE_PERMISSIONS, Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.params import json_body

access_api = ApiBlueprint(__name__)
MEMBER = "/api/orgs/{org}/members/{user}"
CLAIM = "/api/orgs/{org}/claims/{name}"


def _container() -> Any:
    from chalicelib import wiring

    return wiring.container()


def _body() -> Any:
    return json_body(access_api.current_request)


@access_api.route("/api/me", permission=Permission.SIGNED_IN, methods=["GET"])
def who_am_i() -> dict[str, Any]:
    me = scope().principal
    return {"user": me.user, "email": me.email, "operator": me.operator, "auth": _container().settings.auth.mode,
            "memberships": [{"org": m.org, "role": m.role.value,
                             "permissions": sorted(p.value for p in ROLE_PERMISSIONS[m.role])}
                            for m in me.memberships]}


@access_api.route("/api/orgs", permission=Permission.SIGNED_IN, methods=["GET"])
def list_orgs() -> dict[str, Any]:
    return {"items": [to_dict(o) for o in _container().access_service.organizations(scope().principal)]}


@access_api.route("/api/orgs", permission=Permission.OPERATE, methods=["POST"])
def create_org() -> Response:
    return Response(body=to_dict(_container().access_service.add_organization(_body())), status_code=201)


@access_api.route("/api/orgs/{org}/members", permission=Permission.READ, methods=["GET"])
def list_members(org: str) -> dict[str, Any]:
    return {"org": org, "items": [to_dict(m) for m in _container().access_service.members(org)]}


@access_api.route(MEMBER, permission=Permission.MEMBERS_WRITE, methods=["PUT"])
def put_member(org: str, user: str) -> dict[str, Any]:
    return to_dict(_container().access_service.set_member(org, user, _body()))  # type: ignore[no-any-return]


@access_api.route(MEMBER, permission=Permission.MEMBERS_WRITE, methods=["DELETE"])
def remove_member(org: str, user: str) -> Response:
    _container().access_service.remove_member(org, user)
    return Response(body="", status_code=204)


@access_api.route(CLAIM, permission=Permission.DOMAINS_WRITE, methods=["GET"])
def claim_record(org: str, name: str) -> dict[str, Any]:
    """The TXT record `org` publishes to prove it owns domain `name`."""
    normal, record = _container().domain_service.claim_record(org, name)
    return {"org": org, "domain": normal, "record": to_dict(record)}


@access_api.route(CLAIM, permission=Permission.DOMAINS_WRITE, methods=["POST"])
def verify_claim(org: str, name: str) -> dict[str, Any]:
    return to_dict(_container().domain_service.verify(org, name))  # type: ignore[no-any-return]


@access_api.route("/api/domains/{domain}/owner", permission=Permission.OPERATE, methods=["PUT"])
def assign_owner(domain: str) -> dict[str, Any]:
    body = _body()
    return to_dict(_container().domain_service.assign(domain, body.get("org")))  # type: ignore[no-any-return]
