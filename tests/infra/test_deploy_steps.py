"""The deploy steps that decide things, on moto: code pointers, UI upload with config.json, the SES rule set."""
from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from infra import deploy, uploads

pytestmark = pytest.mark.infra
OUTPUTS = {"AuthDomain": "aligned-dev-1.auth.us-east-1.amazoncognito.com", "UserPoolClientId": "client123"}


def test_stack_names_are_lower_case_and_short() -> None:
    assert deploy.stack_name("prod-2") == "aligned-prod-2"
    for bad in ("Prod", "x" * 21, "1st", "a_b"):
        with pytest.raises(SystemExit):
            deploy.stack_name(bad)


def test_code_paths_point_at_the_uploaded_zip() -> None:
    template = {"Resources": {"A": {"Properties": {"CodeUri": "./deployment.zip"}}, "B": {"Properties": {}}}}
    assert uploads.point_code_at(template, "s3://b/k.zip") == 1
    assert template["Resources"]["A"]["Properties"]["CodeUri"] == "s3://b/k.zip"


@mock_aws
def test_ui_upload_writes_config_and_drops_stale_files(tmp_path: Path) -> None:
    for rel in ("index.html", "style.css", "dist/app.js", "dist/.built", "src/main.js", "build.mjs"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="ui-bucket")
    s3.put_object(Bucket="ui-bucket", Key="old.js", Body=b"x")
    keys = uploads.upload_ui(s3, "ui-bucket", tmp_path, uploads.ui_config(OUTPUTS))
    assert sorted(keys) == ["config.json", "dist/app.js", "index.html", "style.css"]
    assert sorted(uploads.list_keys(s3, "ui-bucket")) == sorted(keys)
    config = s3.get_object(Bucket="ui-bucket", Key="config.json")
    assert json.loads(config["Body"].read()) == {"apiBase": "", "auth": {
        "domain": OUTPUTS["AuthDomain"], "clientId": "client123", "scopes": "openid email"}}
    assert config["CacheControl"] == "no-cache"
    assert s3.head_object(Bucket="ui-bucket", Key="dist/app.js")["ContentType"].endswith("javascript; charset=utf-8")


@mock_aws
def test_rule_set_is_activated_but_another_active_one_is_not_replaced_silently() -> None:
    ses = boto3.client("ses", region_name="us-east-1")
    for name in ("theirs", "ours"):
        ses.create_receipt_rule_set(RuleSetName=name)
    ses.set_active_receipt_rule_set(RuleSetName="theirs")
    with pytest.raises(SystemExit, match="theirs"):
        deploy._activate_rule_set(ses, "ours", replace=False)
    deploy._activate_rule_set(ses, "ours", replace=True)
    assert ses.describe_active_receipt_rule_set()["Metadata"]["Name"] == "ours"
    deploy._activate_rule_set(ses, "ours", replace=False)  # already active: nothing to do


@mock_aws
def test_emptying_a_versioned_bucket_removes_every_version() -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="raw-bucket")
    s3.put_bucket_versioning(Bucket="raw-bucket", VersioningConfiguration={"Status": "Enabled"})
    for body in (b"1", b"2"):
        s3.put_object(Bucket="raw-bucket", Key="incoming/a", Body=body)
    s3.delete_object(Bucket="raw-bucket", Key="incoming/a")
    assert uploads.empty_bucket(s3, "raw-bucket") == 3
    s3.delete_bucket(Bucket="raw-bucket")
