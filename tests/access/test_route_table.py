"""The authorization test, generated from the Chalice app's route table: every route and method, for every kind
of caller. Nothing here lists the routes by hand: a new route is checked as soon as it is registered.

- no token: 401 (as API Gateway's Cognito authorizer answers);
- the owner of another organization: a route naming acme's domain, organization or objects answers 403 or 404;
  any other route answers without a trace of acme (never data);
- acme's viewer: 403 on every write; the reads its role allows answer 200;
- the operator gets through (no 401, 403 or not-found denial);
- every export (`format=csv`) of acme's domain: 404 for the other organization, 200 for the operator."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import app as app_module
from chalicelib.access.permissions import ROLE_PERMISSIONS, Permission, Role
from chalicelib.api.blueprint import PERMISSION_ATTR
from tests.access.world import ACME, VICTIM, World, world

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
DENIALS = {"unauthenticated", "forbidden", "unknown_domain", "unknown_org", "unknown_report", "unknown_failure"}
ROUTES = sorted((path, method, entry.view_function)
                for path, methods in app_module.app.routes.items() for method, entry in methods.items())
IDS = [f"{m} {p}" for p, m, _ in ROUTES]
BODIES: dict[tuple[str, str], tuple[Any, str]] = {  # (method, path suffix) -> a body the operator's call accepts
    ("POST", "/api/domains"): ({"name": "new.example", "org": ACME}, "application/json"),
    ("POST", "/rules"): ({"name": "Again", "kind": "spoofing", "threshold": 5}, "application/json"),
    ("PUT", "/rules/{rule_id}"): ({"name": "Renamed"}, "application/json"),
    ("PATCH", "/rules/{rule_id}"): ({"name": "Renamed"}, "application/json"),
    ("PUT", "/digest"): ({"enabled": True}, "application/json"),
    ("POST", "/registry"): ({"cidr": "198.51.100.0/24", "tag": "esp"}, "application/json"),
    ("PUT", "/registry/{entry}"): ({"tag": "renamed"}, "application/json"),
    ("POST", "/registry/import"): ("cidr,tag,comment\n203.0.113.0/24,new,\n", "text/csv"),
    ("POST", "/api/reporters/trusted"): ({"domain": "trusted.example"}, "application/json"),
    ("POST", "/api/orgs"): ({"id": "charlie", "name": "Charlie"}, "application/json"),
    ("POST", "/api/onboarding"): ("domain,display_name\nonboarded.example,Onboarded\n", "text/csv"),
    ("PUT", "/members/{user}"): ({"role": "analyst"}, "application/json"),
    ("PUT", "/owner"): ({"org": ACME}, "application/json"),
}


def permission(view: Any) -> Permission:
    return getattr(view, PERMISSION_ATTR)  # type: ignore[no-any-return]


def body_of(method: str, path: str) -> tuple[Any, str]:
    for (m, suffix), body in BODIES.items():
        if m == method and path.endswith(suffix):
            return body
    return (None, "application/json")


def url(path: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no test value for a parameter of {path}: add it to tests/access/world.py"
    return path


def names_acme(path: str) -> bool:
    return any("{" + p + "}" in path for p in ("domain", "org", "rule_id", "entry", "failure_id", "report", "name",
                                                  "user"))


def call(w: World, method: str, path: str, user: str | None, operator: bool = False, query: str = "") -> Any:
    """The route called with the test's values (reads over the days of the report: 2026-03-01 and 02)."""
    body, content_type = body_of(method, path)
    query = query or ("?from=2026-03-01&to=2026-03-02" if method == "GET" else "")
    return w.call(method, url(path, w.params) + query, user, body, operator, content_type)


def code(response: Any) -> str | None:
    try:
        return json.loads(response.body).get("error")  # type: ignore[no-any-return]
    except (ValueError, AttributeError):
        return None


@pytest.fixture
def w(tmp_path: Path) -> Iterator[World]:
    with world(tmp_path) as built:
        yield built


def test_every_route_declares_a_permission() -> None:
    assert len(ROUTES) > 50
    missing = [f"{m} {p}" for p, m, view in ROUTES if not isinstance(getattr(view, PERMISSION_ATTR, None), Permission)]
    assert missing == []


@pytest.mark.parametrize(("path", "method", "view"), ROUTES, ids=IDS)
def test_no_token_is_401(w: World, path: str, method: str, view: Any) -> None:
    response = call(w, method, path, None)
    assert response.status_code == 401, response.body
    assert code(response) == "unauthenticated"


@pytest.mark.parametrize(("path", "method", "view"), ROUTES, ids=IDS)
def test_another_organization_never_gets_acme_data(w: World, path: str, method: str, view: Any) -> None:
    before = w.built.domains.get(VICTIM)
    response = call(w, method, path, "bob")
    if names_acme(path) or permission(view) is Permission.OPERATE:
        assert response.status_code in (403, 404), response.body
        assert code(response) in DENIALS
    else:
        assert response.status_code < 500
    text = response.body.decode() if isinstance(response.body, bytes) else str(response.body)
    for secret in (VICTIM, w.params["rule_id"], "192.0.2.0/24", w.params["failure_id"], "held-1"):
        assert secret not in text or code(response) in DENIALS, f"{secret} leaked: {text[:300]}"
    assert w.built.domains.get(VICTIM) == before


@pytest.mark.parametrize(("path", "method", "view"), ROUTES, ids=IDS)
def test_a_viewer_gets_403_on_every_write_and_reads_what_the_role_allows(w: World, path: str, method: str,
                                                                         view: Any) -> None:
    response = call(w, method, path, "vic")
    if method in WRITES:
        assert response.status_code == 403, response.body
        assert code(response) == "forbidden"
    elif permission(view) in ROLE_PERMISSIONS[Role.VIEWER]:
        assert response.status_code == 200, response.body
    else:
        assert response.status_code == 403, response.body


@pytest.mark.parametrize(("path", "method", "view"), ROUTES, ids=IDS)
def test_the_operator_gets_through(w: World, path: str, method: str, view: Any) -> None:
    response = call(w, method, path, "op", operator=True)
    assert response.status_code < 400 or code(response) not in DENIALS, response.body


CSV_ROUTES = [(p, m, v) for p, m, v in ROUTES if m == "GET" and "{domain}" in p and permission(v) is Permission.READ]


@pytest.mark.parametrize(("path", "method", "view"), CSV_ROUTES, ids=[f"csv {p}" for p, _, _ in CSV_ROUTES])
def test_exports_follow_the_same_rules(w: World, path: str, method: str, view: Any) -> None:
    query = "?format=csv&from=2026-03-01&to=2026-03-02"
    outsider = call(w, method, path, "bob", query=query)
    assert outsider.status_code == 404 and code(outsider) == "unknown_domain", outsider.body
    operator = call(w, method, path, "op", operator=True, query=query)
    assert operator.status_code == 200, operator.body
    owner = call(w, method, path, "alice", query=query)
    assert owner.status_code == 200 and owner.body == operator.body
