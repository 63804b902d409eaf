"""The Lambda functions Chalice generates, completed: a name, a log group with retention, the environment
(resource names from this template, under chalicelib.settings' variable names) and a least-privilege role
per kind of function, written out action by action and resource by resource."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from infra import mail
from infra.cfn import Json, allow, arn, att, policy, ref, sub
from infra.discover import Function, Stage, Table

LOG_RETENTION_DAYS = 90
TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                 "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                 "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem"]
ROLES = {"api": "ApiFunctionRole", "ingest": "IngestFunctionRole", "schedule": "ScheduledFunctionRole"}
# Tables only some kinds of function use, and the actions they need on them. The access table (organizations,
# members, the verification secret) is the API's alone: ingest and the schedules never read who may do what.
ONLY_FOR = {"ALIGNED_TABLE_ACCESS": ("api", ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
                                             "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan"])}


def function_name(fn: Function) -> Json:
    return sub("${AWS::StackName}-" + fn.logical_id)


def log_group(fn: Function) -> str:
    return fn.logical_id + "LogGroup"


def function_resources(stage: Stage, tables: list[Table], environment: Mapping[str, Any]) -> Json:
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
                            "Environment": {"Variables": env}}
        if fn.kind == "ingest":
            properties["Events"] = {fn.event: {"Properties": {
                # Chalice writes {"Fn::Sub": "arn:...:<queue name>"}; the merge combines dicts key by key, so
                # only another Fn::Sub replaces it.
                "Queue": sub("${" + mail.QUEUE + ".Arn}"),
                "FunctionResponseTypes": ["ReportBatchItemFailures"]}}}  # handle_raw_mail returns partial failures
        resources[fn.logical_id] = {"DependsOn": [log_group(fn)], "Properties": properties}
    for kind, role in ROLES.items():
        functions = stage.of_kind(kind)
        if functions:
            resources[role] = _role(role, functions, _statements(kind, tables))
    return resources


def _role(name: str, functions: list[Function], statements: list[Json]) -> Json:
    logs = allow(["logs:CreateLogStream", "logs:PutLogEvents"],
                 [arn("logs", "log-group:/aws/lambda/${AWS::StackName}-" + f.logical_id + ":*") for f in functions],
                 Sid="OwnLogs")
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": policy({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                            "Action": "sts:AssumeRole"}),
        "Policies": [{"PolicyName": name, "PolicyDocument": policy(logs, *statements)}]}}


def _arns(table: Table) -> list[Any]:
    return [att(table.logical_id, "Arn"), sub("${" + table.logical_id + ".Arn}/index/*")]


def _statements(kind: str, tables: list[Table]) -> list[Json]:
    table_arns: list[Any] = []
    for t in tables:
        if t.env not in ONLY_FOR:
            table_arns += _arns(t)
    statements = [allow(TABLE_ACTIONS, table_arns, Sid="Tables")]
    for t in tables:
        if t.env in ONLY_FOR and ONLY_FOR[t.env][0] == kind:
            statements.append(allow(ONLY_FOR[t.env][1], _arns(t), Sid=t.logical_id))
    if kind == "ingest":
        statements += [
            allow(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
                  [att(mail.QUEUE, "Arn")], Sid="ReadQueue"),
            allow(["s3:GetObject"], [sub("${RawMailBucket.Arn}/*")], Sid="ReadRawMail"),
        ]
    if kind == "schedule":
        statements.append(allow(["sns:Publish"], [ref("AlertsTopic")], Sid="PublishAlerts"))
    return statements


def _mentions(value: Any, name: str) -> bool:
    return name in repr(value)
