"""Telling the operators: the alerts topic (optional e-mail subscription) and the alarms that notify it."""
from __future__ import annotations

from infra import keys, mail
from infra.cfn import Json, att, named, ref
from infra.discover import Stage
from infra.functions import function_name

TOPIC = "AlertsTopic"
REPORTS_METRIC = "reports"  # chalicelib.entry.telemetry: one per report stored, dimension service


def alarm_resources(stage: Stage, namespace: str, service: str) -> Json:
    resources: Json = {
        TOPIC: {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": named("alerts"),
                                                          "KmsMasterKeyId": att(keys.KEY, "Arn")}},
        "AlertsEmailSubscription": {"Type": "AWS::SNS::Subscription", "Condition": "HasAlertEmail", "Properties": {
            "TopicArn": ref(TOPIC), "Protocol": "email", "Endpoint": ref("AlertEmail")}},
        "DeadLettersAlarm": _alarm(
            "dead-letters", "Raw-mail messages failed ingestion 5 times and wait in the dead-letter queue",
            "AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": att(mail.DLQ, "QueueName")},
            "Maximum", 300, 1, 0, "GreaterThanThreshold"),
        "IngestBacklogAlarm": _alarm(
            "ingest-backlog", "The oldest raw-mail message has waited over an hour",
            "AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": att(mail.QUEUE, "QueueName")},
            "Maximum", 300, 3, 3600, "GreaterThanThreshold"),
        "NoReportsAlarm": _alarm(
            "no-reports", "No DMARC aggregate report was ingested in the last 24 hours",
            namespace, REPORTS_METRIC, {"service": service}, "Sum", 3600, 24, 1, "LessThanThreshold",
            missing="breaching"),
    }
    for fn in stage.functions:
        resources[fn.logical_id + "ErrorsAlarm"] = _alarm(
            f"{fn.logical_id}-errors", f"The {fn.name} function failed",
            "AWS/Lambda", "Errors", {"FunctionName": function_name(fn)}, "Sum", 300, 1, 0, "GreaterThanThreshold")
        resources[fn.logical_id + "ErrorsAlarm"]["DependsOn"] = fn.logical_id
    return resources


def _alarm(name: str, description: str, namespace: str, metric: str, dimensions: dict, statistic: str,
           period: int, periods: int, threshold: float, comparison: str, missing: str = "notBreaching") -> Json:
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": named(name), "AlarmDescription": description,
        "Namespace": namespace, "MetricName": metric,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
        "Statistic": statistic, "Period": period, "EvaluationPeriods": periods, "DatapointsToAlarm": periods,
        "Threshold": threshold, "ComparisonOperator": comparison, "TreatMissingData": missing,
        "AlarmActions": [ref(TOPIC)], "OKActions": [ref(TOPIC)]}}
