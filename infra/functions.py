"""The Lambda functions Chalice generates, completed: a name, a log group with retention, the environment
(resource names from this template, under chalicelib.settings' variable names) and a least-privilege role
per kind of function, written out action by action and resource by resource (the DynamoDB part: infra/access.py;
memory, timeout and concurrency: infra/sizing.py)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from infra import access, exports, keys, mail, sizing
from infra.cfn import Json, allow, arn, att, policy, ref, sub
from infra.discover import Function, Stage, Table

LOG_RETENTION_DAYS = 90
ROLES = {"api": "ApiFunctionRole", "ingest": "IngestFunctionRole", "schedule": "ScheduledFunctionRole"}
# Tables only some kinds of function use, and the actions they need on them. The access table (organizations,
# members, the verification secret) is the API's alone: ingest and the schedules never read who may do what.
ONLY_FOR = {"ALIGNED_TABLE_ACCESS": ("api", ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
                                             "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"])}


def function_name(fn: Function) -> Json:
    return sub("${AWS::StackName}-" + fn.logical_id)


def log_group(fn: Function) -> str:
    return fn.logical_id + "LogGroup"


def function_resources(stage: Stage, tables: list[Table], environment: Mapping[str, Any],
                       message_seconds: int, exports_prefix: str = "exports/") -> Json:
    resources: Json = {}
    for fn in stage.functions:
        resources[log_group(fn)] = {
            "Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": sub("/aws/lambda/${AWS::StackName}-" + fn.logical_id),
                           "RetentionInDays": LOG_RETENTION_DAYS}}
        env = dict(environment)
        if fn.kind == "api":  # the distribution depends on the API: a link back would be a cycle
            env = {k: v for k, v in env.items() if not _mentions(v, "Distribution")}
        properties: Json = {"FunctionName": function_name(fn), "Role": att(ROLES[fn.kind], "Arn"),
                            "Environment": {"Variables": env}, **sizing.function_size(fn, message_seconds)}
        if fn.kind == "ingest":
            properties["Events"] = {fn.event: {"Properties": {
                # Chalice writes {"Fn::Sub": "arn:...:<queue name>"}; the merge combines dicts key by key, so
                # only another Fn::Sub replaces it.
                "Queue": sub("${" + mail.QUEUE + ".Arn}"),
                "FunctionResponseTypes": ["ReportBatchItemFailures"],  # handle_raw_mail returns partial failures
                "ScalingConfig": {"MaximumConcurrency": ref(sizing.INGEST_CONCURRENCY)}}}}
        resources[fn.logical_id] = {"DependsOn": [log_group(fn)], "Properties": properties}
    for kind, role in ROLES.items():
        functions = stage.of_kind(kind)
        if functions:
            resources[role] = _role(role, functions, _statements(kind, tables, exports_prefix))
    return resources


def _role(name: str, functions: list[Function], statements: list[Json]) -> Json:
    logs = allow(["logs:CreateLogStream", "logs:PutLogEvents"],
                 [arn("logs", "log-group:/aws/lambda/${AWS::StackName}-" + f.logical_id + ":*") for f in functions],
                 Sid="OwnLogs")
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": policy({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                            "Action": "sts:AssumeRole"}),
        "Policies": [{"PolicyName": name, "PolicyDocument": policy(logs, *statements)}]}}


def _statements(kind: str, tables: list[Table], exports_prefix: str) -> list[Json]:
    statements = access.table_statements(kind, tables)
    if kind in ("ingest", "api"):  # the API reprocesses failed mail (POST /api/ingest/failures/{id}/reprocess)
        statements.append(allow(["s3:GetObject"], [sub("${RawMailBucket.Arn}/*")], Sid="ReadRawMail"))
    if kind == "ingest":
        statements.append(allow(
            ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
            [att(mail.QUEUE, "Arn")], Sid="ReadQueue"))
    if kind == "api":
        statements.append(exports.api_statement(exports_prefix))
    if kind == "schedule":
        statements += [allow(["sns:Publish"], [ref("AlertsTopic")], Sid="PublishAlerts"),
                       allow(keys.PUBLISH_ACTIONS, [att(keys.KEY, "Arn")], Sid="EncryptAlerts")]
    return statements


def _mentions(value: Any, name: str) -> bool:
    return name in repr(value)
