"""The OpenAPI document covers exactly the routes registered in the Chalice app, and docs/openapi.json is the
document the API serves (regenerate: `.venv/bin/python -m chalicelib.api.openapi > docs/openapi.json`)."""
from __future__ import annotations

import json
from pathlib import Path

from chalice.test import Client

import app as app_module
from chalicelib.api.openapi import document

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "put", "post", "delete", "patch", "head"}


def registered() -> set[tuple[str, str]]:
    return {(path, method.lower()) for path, methods in app_module.app.routes.items() for method in methods
            if method != "OPTIONS"}


def documented(doc: dict) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(path, method) for path, ops in doc["paths"].items() for method in ops if method in METHODS}


def test_every_route_is_documented_and_nothing_else() -> None:
    doc = document()
    assert documented(doc) == registered(), (
        f"undocumented: {sorted(registered() - documented(doc))}; "
        f"documented but not routed: {sorted(documented(doc) - registered())}")


def test_path_parameters_match_the_templates() -> None:
    for path, ops in document()["paths"].items():
        names = {part[1:-1] for part in path.split("/") if part.startswith("{")}
        for method, op in ops.items():
            declared = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert declared == names, (path, method)


def test_the_repository_copy_is_current() -> None:
    assert json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")) == document()


def test_served_by_the_api() -> None:
    with Client(app_module.app) as client:
        response = client.http.get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.body)["openapi"].startswith("3.")
