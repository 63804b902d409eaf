"""The identity reaches the API: the merge template (built directly, no `chalice package` needed) carries the
access table with least-privilege access for the API only and the operators' Cognito group; the stage runs
the API in cognito mode behind the stack pool's authorizer; and an API Gateway event carrying the authorizer's
claims (as the Cognito authorizer passes them on) resolves to the principal in the app."""
from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import settings as s
from chalicelib.access.permissions import OPERATORS_GROUP
from infra import web
from infra.discover import stage, tables
from infra.template import build
from tests.offline import offline_settings

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def merge() -> dict[str, Any]:
    return build(stage(".", "dev"), tables())


def _statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [st for p in role["Properties"]["Policies"] for st in p["PolicyDocument"]["Statement"]]


def _targets(statement: dict[str, Any]) -> str:
    return json.dumps(statement["Resource"])


def test_the_access_table_is_the_apis_alone(merge: dict[str, Any]) -> None:
    resources = merge["Resources"]
    assert resources["AccessTable"]["Type"] == "AWS::DynamoDB::Table"
    indexes = resources["AccessTable"]["Properties"]["GlobalSecondaryIndexes"]
    assert [i["IndexName"] for i in indexes] == ["by-user"]
    api = [st for st in _statements(resources["ApiFunctionRole"]) if "AccessTable" in _targets(st)]
    assert len(api) == 1 and "dynamodb:BatchWriteItem" not in api[0]["Action"]
    assert {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"} <= set(api[0]["Action"])
    for role in ("IngestFunctionRole", "ScheduledFunctionRole"):
        assert not any("AccessTable" in _targets(st) for st in _statements(resources[role])), role
    env = resources["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env[s.TABLE_ACCESS] == {"Ref": "AccessTable"}


def test_the_operators_group_is_in_the_stack_pool_and_the_api_checks_cognito_tokens(merge: dict[str, Any]) -> None:
    resources = merge["Resources"]
    group = resources[web.OPERATORS]["Properties"]
    assert group == {**group, "GroupName": OPERATORS_GROUP, "UserPoolId": {"Ref": web.POOL}}
    assert stage(".", "dev").environment[s.AUTH_MODE] == "cognito"
    definitions = resources["RestAPI"]["Properties"]["DefinitionBody"]["securityDefinitions"]
    (authorizer,) = definitions.values()
    assert authorizer["x-amazon-apigateway-authorizer"]["providerARNs"] == [{"Fn::GetAtt": [web.POOL, "Arn"]}]


def _event(path: str, claims: dict[str, str] | None) -> dict[str, Any]:
    context: dict[str, Any] = {"resourcePath": path, "httpMethod": "GET", "stage": "api", "requestId": "r1",
                               "identity": {"sourceIp": "192.0.2.1"}, "path": path}
    if claims is not None:
        context["authorizer"] = {"claims": claims}
    return {"resource": path, "path": path, "httpMethod": "GET", "headers": {"Authorization": "eyJ.x.y"},
            "multiValueHeaders": None, "queryStringParameters": None, "multiValueQueryStringParameters": None,
            "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False,
            "requestContext": context}


def test_cognito_claims_reach_the_principal() -> None:
    from dataclasses import replace

    import app as app_module
    from chalicelib import wiring
    from chalicelib.access.permissions import Role
    from chalicelib.adapters.memory import memory_adapters
    from chalicelib.ports.access import Member
    from chalicelib.settings import Auth

    config = replace(offline_settings(), auth=Auth("cognito"))
    built = wiring.bootstrap(config, **memory_adapters())
    built.access.put_member(Member("acme", "sub-1", Role.ANALYST))
    previous = wiring.install(built)
    try:
        answer = app_module.app(_event("/api/me", {"sub": "sub-1", "email": "a@acme.example",
                                                  "cognito:groups": OPERATORS_GROUP}), None)
        me = json.loads(answer["body"])
        assert (answer["statusCode"], me["user"], me["operator"], me["auth"]) == (200, "sub-1", True, "cognito")
        assert me["memberships"][0]["org"] == "acme" and me["memberships"][0]["role"] == "analyst"
        assert app_module.app(_event("/api/me", None), None)["statusCode"] == 401
    finally:
        wiring.install(previous)
