"""Builds the template that `chalice package --merge-template` deep-merges into Chalice's own (Chalice's lists
are replaced, its dicts completed). Usage: python -m infra.template OUT.json [--stage dev]"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from chalicelib import settings as s
from chalicelib.access.permissions import OPERATORS_GROUP
from chalicelib.settings import Settings
from infra import alarms, api, exports, headers, keys, logs, mail, sizing, web
from infra.cfn import Json, att, ref, sub
from infra.data import table_resources
from infra.discover import Stage, Table, stage, tables
from infra.functions import function_resources

PARAMETERS: Json = {
    "MailDomain": {"Type": "String", "AllowedPattern": r"^([a-z0-9-]+\.)+[a-z]{2,}$",
                   "Description": "The domain SES receives the reports at (verified in SES, MX to SES inbound)"},
    "ReportAddress": {"Type": "String", "Default": "",
                      "Description": "The rua address reports are sent to; empty: dmarc-reports@<MailDomain>"},
    "AlertEmail": {"Type": "String", "Default": "", "Description": "E-mail subscribed to the alerts topic; optional"},
    "AuthDomainPrefix": {"Type": "String", "Default": "",
                         "Description": "Cognito hosted UI domain prefix; empty: <stack name>-<account id>"},
}
PARAMETERS.update({**web.PARAMETERS, **sizing.PARAMETERS, **api.PARAMETERS})
CONDITIONS: Json = {
    "HasReportAddress": {"Fn::Not": [{"Fn::Equals": [ref("ReportAddress"), ""]}]},
    "HasAlertEmail": {"Fn::Not": [{"Fn::Equals": [ref("AlertEmail"), ""]}]},
    "HasAuthDomainPrefix": {"Fn::Not": [{"Fn::Equals": [ref("AuthDomainPrefix"), ""]}]},
    **web.CONDITIONS, **sizing.CONDITIONS, **api.CONDITIONS,
}


def build(app_stage: Stage, app_tables: list[Table]) -> Json:
    config = Settings.from_env(app_stage.environment)
    prefix = config.raw_mail.prefix
    ingest = app_stage.of_kind("ingest")
    message_seconds = config.batch.message_seconds
    resources: Json = {}
    resources.update(table_resources(app_tables))
    resources.update(mail.mail_resources(
        prefix, sizing.ingest_timeout(ingest[0].batch_size, message_seconds) if ingest else 60))
    resources.update(web.web_resources(app_stage.api_stage))
    resources.update(logs.log_bucket_resources())
    resources.update(exports.exports_resources(config.exports.prefix))
    resources.update(keys.topic_key_resources())
    resources.update(web.operators_group(OPERATORS_GROUP))
    resources.update(alarms.alarm_resources(app_stage, config.telemetry.metrics_namespace,
                                                   config.telemetry.service_name))
    resources.update(function_resources(app_stage, app_tables, environment(app_tables, prefix), message_seconds,
                                        config.exports.prefix))
    if app_stage.of_kind("api"):
        from chalicelib.api.auth import AUTHORIZER_NAME

        resources.update(api.api_stage_resources())
        _merge(resources, web.authorizer_override(AUTHORIZER_NAME))
        _merge(resources, api.api_stage_override())
    resources.update(headers.headers_policy(headers.connect_origins(resources)))
    return {"Parameters": PARAMETERS, "Conditions": CONDITIONS, "Rules": web.RULES, "Resources": resources,
            "Outputs": outputs()}


def environment(app_tables: list[Table], prefix: str) -> dict[str, Any]:
    """The functions' variables that name this stack's resources, under chalicelib.settings' names."""
    values: dict[str, Any] = {t.env: ref(t.logical_id) for t in app_tables}
    values.update({
        s.RAW_BUCKET: ref(mail.BUCKET), s.RAW_PREFIX: prefix, s.INGEST_QUEUE: att(mail.QUEUE, "QueueName"),
        s.ALERTS_TOPIC_ARN: ref(alarms.TOPIC), s.UI_BASE_URL: web.SITE_URL,
        s.MAIL_DOMAIN: ref("MailDomain"), s.RUA_ADDRESS: mail.REPORT_ADDRESS, s.EXPORTS_BUCKET: ref(exports.BUCKET),
    })
    return values


def outputs() -> Json:
    out = {
        "SiteUrl": web.SITE_URL,
        "ApiUrl": sub("https://${Distribution.DomainName}/api/"),
        "UserPoolId": ref(web.POOL), "UserPoolClientId": ref(web.CLIENT),
        "AuthDomain": sub("${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"),
        "UiBucketName": ref(web.BUCKET), "DistributionId": ref(web.DISTRIBUTION),
        "RawMailBucketName": ref(mail.BUCKET), "ReceiptRuleSetName": ref(mail.RULE_SET),
        "ReportAddress": mail.REPORT_ADDRESS,
        "MxRecord": sub("10 inbound-smtp.${AWS::Region}.amazonaws.com"),
        "IngestQueueUrl": ref(mail.QUEUE), "DeadLetterQueueUrl": ref(mail.DLQ),
        "AlertsTopicArn": ref(alarms.TOPIC),
    }
    return {k: {"Value": v} for k, v in out.items()}


def _merge(into: Json, extra: Json) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--stage", default="dev", help="the Chalice stage being packaged")
    args = parser.parse_args(argv)
    template = build(stage(".", args.stage), tables())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(template, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
