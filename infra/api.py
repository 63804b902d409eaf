"""The REST API's stage: throttling for every method and an access log (one JSON line per request).

API Gateway writes stage logs through the account's CloudWatch role (one per account and region): the stack
sets it unless SetApiGatewayAccountRole=false (an account that has one already keeps it)."""
from __future__ import annotations

import json

from infra.cfn import Json, allow, arn, att, if_, policy, ref, sub

ACCESS_LOG, ACCOUNT, ACCOUNT_ROLE = "ApiAccessLogGroup", "ApiGatewayAccount", "ApiGatewayCloudWatchRole"
ACCOUNT_READY = "ApiGatewayAccountReady"  # the stage waits on it: the account role exists when the stage logs
RATE_PER_SECOND = 25  # steady requests per second over all users; a view makes up to ~10 at once
BURST = 50
LOG_DAYS = 90
PARAMETERS: Json = {"SetApiGatewayAccountRole": {
    "Type": "String", "Default": "true", "AllowedValues": ["true", "false"],
    "Description": "Set API Gateway's CloudWatch role for this account and region (needed for the access log); "
                   "false when the account has one already"}}
CONDITIONS: Json = {"SetsApiGatewayAccountRole": {"Fn::Equals": [{"Ref": "SetApiGatewayAccountRole"}, "true"]}}
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "time": "$context.requestTime", "ip": "$context.identity.sourceIp",
    "method": "$context.httpMethod", "path": "$context.path", "status": "$context.status",
    "bytes": "$context.responseLength", "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integrationLatency", "user": "$context.authorizer.claims.sub",
    "error": "$context.error.message"}, separators=(",", ":"))


def api_stage_resources() -> Json:
    return {
        ACCESS_LOG: {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                     "Properties": {"LogGroupName": sub("/aligned/${AWS::StackName}/api-access"),
                                    "RetentionInDays": LOG_DAYS}},
        ACCOUNT_ROLE: {"Type": "AWS::IAM::Role", "Condition": "SetsApiGatewayAccountRole", "Properties": {
            "AssumeRolePolicyDocument": policy({"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}),
            "Policies": [{"PolicyName": "PushLogs", "PolicyDocument": policy(allow(
                ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
                 "logs:GetLogEvents", "logs:FilterLogEvents", "logs:PutLogEvents"],
                [arn("logs", "log-group:*")]))}]}},
        ACCOUNT: {"Type": "AWS::ApiGateway::Account", "Condition": "SetsApiGatewayAccountRole",
                  "Properties": {"CloudWatchRoleArn": att(ACCOUNT_ROLE, "Arn")}},
        # A resource cannot depend on a conditional one; this handle depends on it only when it exists.
        ACCOUNT_READY: {"Type": "AWS::CloudFormation::WaitConditionHandle", "Metadata": {
            "Account": if_("SetsApiGatewayAccountRole", ref(ACCOUNT), "")}},
    }


def api_stage_override() -> Json:
    """Merged into Chalice's RestAPI (AWS::Serverless::Api)."""
    return {"RestAPI": {"Properties": {
        "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": RATE_PER_SECOND,
                            "ThrottlingBurstLimit": BURST}],
        # the log group's Arn attribute ends in ":*", which API Gateway refuses
        "AccessLogSetting": {"DestinationArn": arn("logs", "log-group:${" + ACCESS_LOG + "}"),
                             "Format": ACCESS_LOG_FORMAT},
    }, "DependsOn": [ACCOUNT_READY]}}
