"""The one error edge: every registered route answers bad input with the one body shape, the same bad value gets
the same body everywhere, and every code the API can send has a Japanese and an English text in the UI."""
from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from chalicelib.errors import MESSAGES, AppError, InvalidInput
from tests import webtext
from tests.alerting.stack import DOMAIN, AlertStack

SHAPE = {"error", "message", "field", "params"}
UNKNOWN = "unknown-domain.example"
# Routes with nothing a client can get wrong (no path, query or body input).
INPUTLESS = {("GET", "/api/alerts/kinds"), ("GET", "/api/openapi.json"), ("GET", "/api/reporters/trusted"),
             ("GET", "/api/unclaimed"), ("GET", "/api/me"), ("GET", "/api/orgs")}
# A bad request for each route without a {domain} in its path: (method, path) -> (query, body, field).
BAD_FOR: dict[tuple[str, str], tuple[str, Any, str]] = {
    ("GET", "/api/domains"): ("include_removed=maybe", None, "include_removed"),
    ("POST", "/api/domains"): ("", {"name": "not a domain"}, "name"),
    ("GET", "/api/notifications"): ("limit=0", None, "limit"),
    ("GET", "/api/ingest/failures"): ("limit=0", None, "limit"),
    ("GET", "/api/reports/held"): ("limit=0", None, "limit"),
    ("POST", "/api/reports/{report}/accept"): ("", None, "report"),
    ("POST", "/api/reports/{report}/reject"): ("", None, "report"),
    ("POST", "/api/reporters/trusted"): ("", {"domain": "not a domain"}, "domain"),
    ("DELETE", "/api/reporters/trusted/{reporter}"): ("", None, "domain"),
    ("GET", "/api/portfolio"): ("sort=bogus", None, "sort"),
    ("POST", "/api/onboarding"): ("", None, "file"),
    ("POST", "/api/orgs"): ("", {"id": "Not An Id"}, "id"),
}
UNKNOWN_ORG = "no-such-org"
# Path parameters other than {domain}, filled with values that are wrong.
BAD_PATH = {"{report}": "not*an*id", "{reporter}": "not a domain"}
# Routes naming a failure row: an unknown id is a 404 on the field failure_id.
UNKNOWN_ROW = {("POST", "/api/ingest/failures/{failure_id}/reprocess"), ("DELETE", "/api/ingest/failures/{failure_id}")}


def routes() -> list[tuple[str, str]]:
    from app import app

    return sorted((method, path) for path, methods in app.routes.items() for method in methods)


def call(stack: AlertStack, method: str, path: str, query: str = "", body: Any = None) -> Any:
    url = path + (f"?{query}" if query else "")
    if path.endswith("/import") or path == "/api/onboarding":  # CSV uploads
        return stack.client.http.post(url, body=b"no header\n", headers={"content-type": "text/csv"})
    return stack.send(method.lower(), url, body)


def check_shape(response: Any, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.body
    body = json.loads(response.body)
    assert set(body) - {"errors"} == SHAPE, body
    assert body["error"] in MESSAGES and body["field"] == field and isinstance(body["params"], dict)
    assert body["message"] == AppError(body["error"], body["field"], **body["params"]).message
    return body


def test_every_route_answers_bad_input_with_the_one_shape(alert_stack: AlertStack) -> None:
    covered = set()
    for method, path in routes():
        if (method, path) in INPUTLESS:
            continue
        if "{domain}" in path:
            concrete = path.replace("{domain}", UNKNOWN).replace("{rule_id}", "r1").replace("{entry}", "192.0.2.0_24")
            body = check_shape(call(alert_stack, method, concrete, body={}), 404, "domain")
            assert body["error"] == "unknown_domain" and body["params"] == {"domain": UNKNOWN}
        elif "{org}" in path:
            concrete = path.replace("{org}", UNKNOWN_ORG).replace("{user}", "u1").replace("{name}", "example.com")
            body = check_shape(call(alert_stack, method, concrete, body={"role": "viewer"}), 404, "org")
            assert body["error"] == "unknown_org" and body["params"] == {"org": UNKNOWN_ORG}
        elif (method, path) in UNKNOWN_ROW:
            body = check_shape(call(alert_stack, method, path.replace("{failure_id}", "f1"), body={}), 404,
                               "failure_id")
            assert body["error"] == "unknown_failure" and body["params"] == {"failure_id": "f1"}
        else:
            query, payload, field = BAD_FOR[(method, path)]
            concrete = path
            for name, value in BAD_PATH.items():
                concrete = concrete.replace(name, value)
            check_shape(call(alert_stack, method, concrete, query, payload), 400, field)
        covered.add((method, path))
    assert covered | INPUTLESS == set(routes())


def test_limit_zero_gets_the_same_body_everywhere(alert_stack: AlertStack) -> None:
    paths = ["/api/ingest/failures", f"/api/domains/{DOMAIN}/alerts/history", f"/api/domains/{DOMAIN}/spoofing",
             f"/api/domains/{DOMAIN}/facts", "/api/notifications"]
    bodies = [check_shape(alert_stack.get(f"{p}?limit=0"), 400, "limit") for p in paths]
    assert all(b == bodies[0] for b in bodies)
    assert bodies[0]["error"] == "invalid_limit" and bodies[0]["params"] == {"min": 1, "max": 1000}


def test_registry_import_lists_each_line_with_its_code(alert_stack: AlertStack) -> None:
    response = alert_stack.client.http.post(f"/api/domains/{DOMAIN}/registry/import",
                                            body=b"cidr,tag\n10.0.0.5/24,a\n192.0.2.0/24,\n",
                                            headers={"content-type": "text/csv"})
    body = check_shape(response, 400, "file")
    assert body["params"] == {"count": 2}
    assert [(e["line"], e["error"], e["field"], e["params"]) for e in body["errors"]] == [
        (2, "cidr_host_bits", "cidr", {"value": "10.0.0.5/24", "network": "10.0.0.0/24"}),
        (3, "required", "tag", {})]


def token(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


ALTERED = [
    "not-base64-json!", token([1, 2]), token({"pk": {"S": DOMAIN}}),
    token({"pk": {"S": "other.example"}, "sk": {"S": "event#2026"}}),  # another partition
    token({"pk": {"S": DOMAIN}, "sk": {"S": "rule#r1"}}),  # outside the history's sort-key prefix
    token({"pk": {"N": "1"}, "sk": {"S": "event#2026"}}),  # wrong type: DynamoDB would answer 500
    token({"pk": {"S": DOMAIN}, "sk": {"S": "event#2026", "N": "1"}}),
]


@pytest.mark.parametrize("altered", ALTERED)
def test_altered_page_tokens_answer_400(alert_stack: AlertStack, altered: str) -> None:
    for path in (f"/api/domains/{DOMAIN}/alerts/history", "/api/ingest/failures", "/api/notifications"):
        body = check_shape(alert_stack.get(f"{path}?next={altered}"), 400, "next")
        assert body["error"] == "invalid_page_token"


def test_every_error_code_has_a_japanese_and_an_english_text() -> None:
    texts = webtext.dictionaries()
    for code, english in MESSAGES.items():
        names = sorted(set(re.findall(r"\{(\w+)\}", english)))
        for lang in ("en", "ja"):
            text = texts[lang].get(f"error.{code}")
            assert text, f"error.{code} missing in web/src/i18n/{lang}.js"
            assert sorted(set(re.findall(r"\{(\w+)\}", text))) == names, (lang, code)


def test_an_error_code_without_a_text_cannot_be_raised() -> None:
    with pytest.raises(KeyError, match="MESSAGES"):
        InvalidInput("no_such_code", "x")
