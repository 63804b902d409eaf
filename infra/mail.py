"""Receiving: SES receipt rule -> raw-mail bucket (incoming/) -> S3 notification -> SQS (with a DLQ), which
the ingest function reads."""
from __future__ import annotations

from infra.cfn import Json, allow, arn, att, deny_insecure_transport, if_, named, policy, private_bucket, ref, sub

BUCKET, BUCKET_POLICY = "RawMailBucket", "RawMailBucketPolicy"
QUEUE, DLQ, QUEUE_POLICY = "IngestQueue", "IngestDeadLetterQueue", "IngestQueuePolicy"
RULE_SET, RULE = "ReceiptRuleSet", "ReceiptRule"
RULE_NAME = "store-reports"
MAX_RECEIVES = 5  # attempts before a message moves to the dead-letter queue
REPORT_ADDRESS = if_("HasReportAddress", ref("ReportAddress"), sub("dmarc-reports@${MailDomain}"))


def mail_resources(prefix: str, ingest_timeout: int) -> Json:
    return {
        BUCKET: {
            "Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "DependsOn": QUEUE_POLICY,  # S3 checks it may send to the queue when the notification is created
            "Properties": private_bucket(
                VersioningConfiguration={"Status": "Enabled"},
                LifecycleConfiguration={"Rules": _lifecycle(prefix)},
                NotificationConfiguration={"QueueConfigurations": [{
                    "Event": "s3:ObjectCreated:*", "Queue": att(QUEUE, "Arn"),
                    "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": prefix}]}}}]},
            ),
        },
        BUCKET_POLICY: {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": ref(BUCKET), "PolicyDocument": policy(
            allow(["s3:PutObject"], [sub("${RawMailBucket.Arn}/" + prefix + "*")], Sid="SesOfThisAccountWritesMail",
                  Principal={"Service": "ses.amazonaws.com"},
                  Condition={"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")},
                             "ArnLike": {"aws:SourceArn": arn("ses", "receipt-rule-set/${ReceiptRuleSet}:receipt-rule/"
                                                              + RULE_NAME)}}),
            deny_insecure_transport("s3", [att(BUCKET, "Arn"), sub("${RawMailBucket.Arn}/*")]),
        )}},
        RULE_SET: {"Type": "AWS::SES::ReceiptRuleSet", "Properties": {"RuleSetName": named("receiving")}},
        RULE: {"Type": "AWS::SES::ReceiptRule", "DependsOn": BUCKET_POLICY, "Properties": {
            "RuleSetName": ref(RULE_SET),
            "Rule": {"Name": RULE_NAME, "Enabled": True, "Recipients": [REPORT_ADDRESS], "ScanEnabled": True,
                     "TlsPolicy": "Optional",
                     "Actions": [{"S3Action": {"BucketName": ref(BUCKET), "ObjectKeyPrefix": prefix}}]},
        }},
        QUEUE: {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": named("raw-mail"),
            "VisibilityTimeout": 6 * ingest_timeout,  # AWS's advice for Lambda event sources
            "MessageRetentionPeriod": 4 * 86400,
            "SqsManagedSseEnabled": True,
            "RedrivePolicy": {"deadLetterTargetArn": att(DLQ, "Arn"), "maxReceiveCount": MAX_RECEIVES},
        }},
        DLQ: {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": named("raw-mail-dead-letters"),
            "MessageRetentionPeriod": 14 * 86400,  # longer than the source queue's: a message keeps its age
            "SqsManagedSseEnabled": True,
        }},
        # The bucket cannot be named here (it depends on this policy), so the account is the condition.
        QUEUE_POLICY: {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [ref(QUEUE)], "PolicyDocument": policy(
            allow(["sqs:SendMessage"], [att(QUEUE, "Arn")], Sid="S3OfThisAccountNotifies",
                  Principal={"Service": "s3.amazonaws.com"},
                  Condition={"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")}}),
            deny_insecure_transport("sqs", [att(QUEUE, "Arn")]),
        )}},
    }


def _lifecycle(prefix: str) -> list[Json]:
    # S3 does not transition objects under 128 KB by default (most reports): they stay in Standard.
    return [
        {"Id": "raw-mail-to-cheaper-storage", "Status": "Enabled", "Prefix": prefix, "Transitions": [
            {"StorageClass": "STANDARD_IA", "TransitionInDays": 30},
            {"StorageClass": "GLACIER_IR", "TransitionInDays": 90}]},
        {"Id": "old-versions-and-uploads", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}},
    ]
