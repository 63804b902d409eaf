"""Locked down by default: Cognito on every route, private encrypted buckets, no wildcard IAM."""
from __future__ import annotations

from typing import Any

import pytest

from tests.infra.conftest import as_list, functions, of_type

pytestmark = pytest.mark.infra
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "any", "x-amazon-apigateway-any-method"}


def test_every_api_route_has_the_cognito_authorizer_of_the_stack_pool(resources: dict[str, Any]) -> None:
    pools = of_type(resources, "AWS::Cognito::UserPool")
    swagger = resources["RestAPI"]["Properties"]["DefinitionBody"]
    definitions = swagger.get("securityDefinitions", {})
    routes, unprotected = 0, []
    for path, methods in swagger["paths"].items():
        for method, operation in methods.items():
            if method not in HTTP_METHODS:
                continue  # OPTIONS (CORS preflight) has no authorizer by design
            routes += 1
            names = [name for requirement in operation.get("security", []) for name in requirement]
            ok = [n for n in names if definitions[n].get("x-amazon-apigateway-authtype") == "cognito_user_pools"
                  and all(arn.get("Fn::GetAtt", [None])[0] in pools
                          for arn in definitions[n]["x-amazon-apigateway-authorizer"]["providerARNs"])]
            if not ok:
                unprotected.append(f"{method.upper()} {path}")
    assert routes > 0
    assert unprotected == [], "routes without the Cognito authorizer (use authorizer=auth.authorizer)"


def test_the_app_client_signs_in_with_code_and_pkce_without_a_secret(resources: dict[str, Any]) -> None:
    (client,) = of_type(resources, "AWS::Cognito::UserPoolClient").values()
    props = client["Properties"]
    assert props["AllowedOAuthFlows"] == ["code"] and props["GenerateSecret"] is False
    assert {"openid", "email"} <= set(props["AllowedOAuthScopes"])
    (pool,) = of_type(resources, "AWS::Cognito::UserPool").values()
    assert pool["Properties"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True


def test_buckets_are_encrypted_and_not_public(resources: dict[str, Any]) -> None:
    buckets = of_type(resources, "AWS::S3::Bucket")
    assert len(buckets) >= 2
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        rules = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        assert rules and all(r["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in {"AES256", "aws:kms"}
                             for r in rules), name
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True}, name
        assert "AccessControl" not in props and "WebsiteConfiguration" not in props, name
    for name, bucket_policy in of_type(resources, "AWS::S3::BucketPolicy").items():
        for statement in bucket_policy["Properties"]["PolicyDocument"]["Statement"]:
            if statement["Effect"] == "Allow":
                assert statement["Principal"] not in ("*", {"AWS": "*"}), f"{name}: public {statement}"
                assert set(statement["Principal"]) == {"Service"} and "Condition" in statement, name


def test_only_ses_of_this_account_writes_raw_mail_under_the_prefix(resources: dict[str, Any]) -> None:
    (rule,) = of_type(resources, "AWS::SES::ReceiptRule").values()
    (action,) = rule["Properties"]["Rule"]["Actions"]
    bucket, prefix = action["S3Action"]["BucketName"]["Ref"], action["S3Action"]["ObjectKeyPrefix"]
    assert resources[bucket]["DeletionPolicy"] == "Retain"
    assert resources[bucket]["Properties"]["VersioningConfiguration"] == {"Status": "Enabled"}
    assert resources[bucket]["Properties"]["LifecycleConfiguration"]["Rules"]
    policies = [p for p in of_type(resources, "AWS::S3::BucketPolicy").values()
                if p["Properties"]["Bucket"] == {"Ref": bucket}]
    allows = [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert len(allows) == 1
    (allowed,) = allows
    assert allowed["Principal"] == {"Service": "ses.amazonaws.com"} and allowed["Action"] == ["s3:PutObject"]
    assert allowed["Resource"] == [{"Fn::Sub": "${" + bucket + ".Arn}/" + prefix + "*"}]
    assert allowed["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}


def _policy_documents(resources: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for name, resource in resources.items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Role":
            docs += [(name, p["PolicyDocument"]) for p in props.get("Policies", [])]
        elif "PolicyDocument" in props:
            docs.append((name, props["PolicyDocument"]))
    return docs


def test_no_iam_statement_allows_every_action_on_every_resource(resources: dict[str, Any]) -> None:
    docs = _policy_documents(resources)
    assert docs
    for name, doc in docs:
        for statement in doc["Statement"]:
            if statement["Effect"] != "Allow":
                continue
            actions, targets = as_list(statement.get("Action", [])), as_list(statement.get("Resource", []))
            assert not ("*" in actions and "*" in targets), f"{name}: {statement}"


def test_function_roles_are_written_out_least_privilege(resources: dict[str, Any]) -> None:
    roles = of_type(resources, "AWS::IAM::Role")
    lambda_roles = {name for name, role in roles.items()
                    if role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
                    == {"Service": "lambda.amazonaws.com"}}
    assert lambda_roles and {fn["Properties"]["Role"]["Fn::GetAtt"][0]
                             for fn in functions(resources).values()} == lambda_roles
    for name, role in roles.items():
        props = role["Properties"]
        assert not props.get("ManagedPolicyArns"), f"{name}: managed policies are not written out"
        for _, doc in _policy_documents({name: role}):
            for statement in doc["Statement"]:
                for action in as_list(statement["Action"]):
                    assert "*" not in action, f"{name}: wildcard action {action}"
                for target in as_list(statement["Resource"]):
                    assert target != "*", f"{name}: {statement['Action']} on every resource"
