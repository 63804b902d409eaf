"""The template agrees with the code: tables = pynamodb models, variable names = chalicelib.settings, the
ingest queue has a dead-letter queue, and the no-report alarm watches the metric the ingest function emits."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from chalicelib import settings
from tests.conftest import ROOT
from tests.infra.conftest import functions, of_type, target

pytestmark = pytest.mark.infra

@pytest.fixture(scope="module")
def models() -> dict[str, Any]:
    """Each model of chalicelib.storage.tables.SCHEMA: the variable naming its table, its schema and TTL."""
    from chalicelib.storage.tables import SCHEMA

    env_of = {v.setting.split(".")[1]: v.name for v in settings.VARIABLES if v.setting.startswith("tables.")}
    out = {}
    for field, stored in SCHEMA.items():
        for model in stored:
            ttl = model._ttl_attribute()
            out[model.__name__] = {"env": env_of[field], "schema": model._get_schema(),
                                   "ttl": ttl.attr_name if ttl else None}
    return out


def _env(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: fn["Properties"]["Environment"]["Variables"] for name, fn in functions(resources).items()}


def _keys(key_schema: list[dict[str, str]]) -> dict[str, str]:
    return {k["AttributeName"]: k["KeyType"] for k in key_schema}


def test_tables_key_schemas_equal_the_models(resources: dict[str, Any], models: dict[str, Any]) -> None:
    env = _env(resources)["HandleRawMail"]
    owned = set()
    for model, spec in models.items():
        logical = env[spec["env"]]["Ref"]
        owned.add(logical)
        table, schema = resources[logical]["Properties"], spec["schema"]
        types = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
        assert _keys(table["KeySchema"]) == _keys(schema["key_schema"]), model
        assert table["KeySchema"][0]["KeyType"] == "HASH"
        for definition in schema["attribute_definitions"]:
            assert types[definition["AttributeName"]] == definition["AttributeType"], model
        indexes = {i["IndexName"]: i for i in table.get("GlobalSecondaryIndexes", [])}
        for index in schema["global_secondary_indexes"]:
            found = indexes[index["index_name"]]
            assert _keys(found["KeySchema"]) == _keys(index["key_schema"]), (model, index["index_name"])
            assert found["Projection"]["ProjectionType"] == index["projection"]["ProjectionType"]
            assert set(found["Projection"].get("NonKeyAttributes", [])) == set(
                index["projection"].get("NonKeyAttributes", []))
        assert not schema["local_secondary_indexes"]
        if spec["ttl"]:
            assert table["TimeToLiveSpecification"] == {"AttributeName": spec["ttl"], "Enabled": True}
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert owned == set(of_type(resources, "AWS::DynamoDB::Table")), "a table no model uses"


def test_environment_variable_names_come_from_settings(resources: dict[str, Any]) -> None:
    known = {v.name for v in settings.VARIABLES}
    tables = set(of_type(resources, "AWS::DynamoDB::Table"))
    for name, variables in _env(resources).items():
        assert set(variables) <= known, f"{name}: {set(variables) - known} are not chalicelib.settings names"
        for variable, value in variables.items():
            if variable.startswith("ALIGNED_TABLE_"):
                assert target(value) in tables, f"{name}: {variable} does not name a table of the stack"
        assert target(variables[settings.RAW_BUCKET]) in of_type(resources, "AWS::S3::Bucket")
        assert variables[settings.AUTH_MODE] == "cognito"


def test_ingest_queue_has_a_dead_letter_queue(resources: dict[str, Any]) -> None:
    queues = of_type(resources, "AWS::SQS::Queue")
    ingest = [fn for fn in functions(resources).values()
              if any(e["Type"] == "SQS" for e in fn["Properties"].get("Events", {}).values())]
    assert len(ingest) == 1
    (event,) = [e for e in ingest[0]["Properties"]["Events"].values() if e["Type"] == "SQS"]
    queue = target(event["Properties"]["Queue"])
    assert queue in queues
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    redrive = queues[queue]["Properties"]["RedrivePolicy"]
    dlq = target(redrive["deadLetterTargetArn"])
    assert dlq in queues and dlq != queue and redrive["maxReceiveCount"] >= 1
    assert queues[dlq]["Properties"]["MessageRetentionPeriod"] > queues[queue]["Properties"]["MessageRetentionPeriod"]
    watched = [a for a in of_type(resources, "AWS::CloudWatch::Alarm").values()
               if a["Properties"]["Namespace"] == "AWS/SQS"
               and a["Properties"]["Dimensions"][0]["Value"] == {"Fn::GetAtt": [dlq, "QueueName"]}]
    assert watched, "no alarm on the dead-letter queue"


def test_raw_mail_flows_from_ses_through_the_prefix_to_the_queue(resources: dict[str, Any]) -> None:
    prefix = _env(resources)["HandleRawMail"][settings.RAW_PREFIX]
    (rule,) = of_type(resources, "AWS::SES::ReceiptRule").values()
    (action,) = rule["Properties"]["Rule"]["Actions"]
    assert action["S3Action"]["ObjectKeyPrefix"] == prefix
    bucket = resources[action["S3Action"]["BucketName"]["Ref"]]["Properties"]
    (notification,) = bucket["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": prefix}]
    assert target(notification["Queue"]) == "IngestQueue"


def test_every_function_has_an_errors_alarm_and_alarms_notify_the_topic(resources: dict[str, Any]) -> None:
    alarms = of_type(resources, "AWS::CloudWatch::Alarm").values()
    topics = of_type(resources, "AWS::SNS::Topic")
    for alarm in alarms:
        assert [target(a) for a in alarm["Properties"]["AlarmActions"]] == list(topics)
    errored = {a["Properties"]["Dimensions"][0]["Value"]["Fn::Sub"] for a in alarms
               if a["Properties"]["MetricName"] == "Errors"}
    assert errored == {fn["Properties"]["FunctionName"]["Fn::Sub"] for fn in functions(resources).values()}


def test_no_report_alarm_watches_the_metric_the_ingest_function_emits(resources: dict[str, Any]) -> None:
    (alarm,) = [a["Properties"] for a in of_type(resources, "AWS::CloudWatch::Alarm").values()
                if a["Properties"]["ComparisonOperator"] == "LessThanThreshold"]
    variables = _env(resources)["HandleRawMail"]
    script = """
from chalicelib.services.ingest import IngestResult, ReportOutcome, Verdict
from chalicelib.entry.telemetry import IngestTelemetry
t = IngestTelemetry()
t.ingested(IngestResult("incoming/x", (ReportOutcome("k", "example.com", "org", "id", Verdict.INGESTED, 3, 9),)))
t.flush()
"""
    env = {**os.environ, settings.METRICS_NAMESPACE: variables[settings.METRICS_NAMESPACE],
           settings.SERVICE_NAME: variables[settings.SERVICE_NAME]}
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    emf = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{") and '"_aws"' in line]
    assert emf, run.stdout + run.stderr
    (directive,) = emf[-1]["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == alarm["Namespace"]
    assert alarm["MetricName"] in {m["Name"] for m in directive["Metrics"]}
    dimensions = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
    assert [sorted(dimensions)] == directive["Dimensions"]
    assert all(emf[-1][name] == value for name, value in dimensions.items())
    assert alarm["TreatMissingData"] == "breaching" and alarm["Period"] * alarm["EvaluationPeriods"] == 86400
