"""The exports bucket (large CSV downloads): private, objects expire after a day, and only the API function's
role may put and get them, only under the exports prefix. Built from infra.template directly (no packaging)."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib import settings as s
from infra import exports
from infra.discover import stage, tables
from infra.template import build

pytestmark = pytest.mark.infra


@pytest.fixture(scope="module")
def merged() -> dict[str, Any]:
    return build(stage(".", "dev"), tables())["Resources"]


def _statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [st for p in role["Properties"]["Policies"] for st in p["PolicyDocument"]["Statement"]]


def test_the_exports_bucket_is_private_and_expires_its_objects(merged: dict[str, Any]) -> None:
    props = merged[exports.BUCKET]["Properties"]
    assert props["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled" and rule["ExpirationInDays"] == 1 and rule["Prefix"] == "exports/"
    policy = merged[exports.BUCKET_POLICY]["Properties"]["PolicyDocument"]["Statement"]
    assert [st["Effect"] for st in policy] == ["Deny"]  # plain HTTP refused; nothing else granted


def test_only_the_api_role_reaches_the_exports_and_only_under_the_prefix(merged: dict[str, Any]) -> None:
    roles = {name: r for name, r in merged.items() if r.get("Type") == "AWS::IAM::Role"}
    reaching = {name: [st for st in _statements(role) if exports.BUCKET in repr(st["Resource"])]
                for name, role in roles.items()}
    assert {name for name, found in reaching.items() if found} == {"ApiFunctionRole"}
    (statement,) = reaching["ApiFunctionRole"]
    assert statement["Action"] == ["s3:GetObject", "s3:PutObject"]
    assert statement["Resource"] == [{"Fn::Sub": "${ExportsBucket.Arn}/exports/*"}]


def test_the_api_function_is_told_the_bucket(merged: dict[str, Any]) -> None:
    api = [r for name, r in merged.items() if name == "APIHandler"]
    variables = api[0]["Properties"]["Environment"]["Variables"] if api else {}
    assert variables.get(s.EXPORTS_BUCKET) == {"Ref": exports.BUCKET}
