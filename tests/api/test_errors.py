"""400 with the field named, 404 for unknown domains, on every route family."""
from __future__ import annotations

import json

import pytest
from chalice.test import Client

from tests.api.test_analyses import post

D = "/api/domains/example.com"
ANALYSES = ["overview", "patterns", "tags", "spoofing", "readiness", "facts"]


@pytest.fixture
def client(api: Client) -> Client:
    post(api, "/api/domains", {"name": "example.com"})
    return api


def check(response, status: int, field: str | None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.body
    body = json.loads(response.body)
    assert body["field"] == field
    if field:
        assert body["message"].startswith(field + ":")


def test_unknown_domain_is_404(client: Client) -> None:
    for name in ANALYSES:
        check(client.http.get(f"/api/domains/unknown.example/{name}"), 404, "domain")


BAD_RANGES = [("from=2026-3-1", "from"), ("to=yesterday", "to"), ("from=2026-03-05&to=2026-03-01", "from"),
              ("from=2020-01-01&to=2026-01-01", "to"), ("format=xml", "format")]


def test_bad_range_or_format_is_400(client: Client) -> None:
    for name in ANALYSES:
        for query, field in BAD_RANGES:
            check(client.http.get(f"{D}/{name}?{query}"), 400, field)


BAD_PARAMETERS = [
    ("spoofing?limit=0", "limit"), ("spoofing?limit=1001", "limit"), ("spoofing?offset=-1", "offset"),
    ("spoofing?failing_only=maybe", "failing_only"), ("facts?pattern=9", "pattern"),
    ("facts?source_ip=999.1.1.1", "source_ip"), ("facts?dmarc=soft", "dmarc"), ("patterns?lang=fr", "lang"),
    ("readiness?tolerance_pct=x", "tolerance_pct"), ("overview?format=csv&table=x", "table"),
]


def test_bad_parameters_are_400(client: Client) -> None:
    for path, field in BAD_PARAMETERS:
        check(client.http.get(f"{D}/{path}"), 400, field)


BAD_ENTRIES: list[tuple[dict[str, object], str]] = [
    ({"cidr": "10.0.0.5/24", "tag": "a"}, "cidr"), ({"cidr": "10.0.0.0/4", "tag": "a"}, "cidr"),
    ({"cidr": "192.0.2.0/24"}, "tag"), ({"cidr": "192.0.2.0/24", "tag": "a", "comment": 5}, "comment"),
    ({"tag": "a"}, "cidr"),
]


def test_bad_registry_entries_are_400(client: Client) -> None:
    for body, field in BAD_ENTRIES:
        response = client.http.post(f"{D}/registry", body=json.dumps(body),
                                    headers={"Content-Type": "application/json"})
        check(response, 400, field)


def test_bad_bodies_and_names(client: Client) -> None:
    headers = {"Content-Type": "application/json"}
    check(client.http.post("/api/domains", body=b"{", headers=headers), 400, "body")
    check(client.http.post("/api/domains", body=json.dumps({"name": "not a domain"}), headers=headers), 400, "name")
    check(client.http.post("/api/domains", body=json.dumps({}), headers=headers), 400, "name")
    check(client.http.put(f"{D}/registry/nonsense", body=json.dumps({"tag": "a"}), headers=headers), 400, "id")
    check(client.http.get("/api/domains/unknown.example/registry"), 404, "domain")
    check(client.http.get("/api/domains/unknown.example"), 404, "domain")
    check(client.http.get("/api/domains/unknown.example/registry/export"), 404, "domain")
