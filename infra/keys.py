"""The KMS key the alerts topic is encrypted with. Its policy lets the account's IAM policies grant its use (the
scheduled functions' role gets kms:GenerateDataKey/Decrypt for publishing) and CloudWatch alarms of this account
publish to the topic. SNS decrypts for delivery itself."""
from __future__ import annotations

from infra.cfn import Json, policy, ref, sub

KEY, ALIAS = "AlertsTopicKey", "AlertsTopicKeyAlias"
PUBLISH_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"]  # what SNS asks of the publisher


def topic_key_resources() -> Json:
    account = {"StringEquals": {"aws:SourceAccount": ref("AWS::AccountId")}}
    return {
        KEY: {"Type": "AWS::KMS::Key", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete", "Properties": {
            "Description": sub("${AWS::StackName}: encrypts the alerts topic"), "EnableKeyRotation": True,
            "KeyPolicy": policy(
                {"Sid": "AccountAdministersAndIamPoliciesGrant", "Effect": "Allow",
                 "Principal": {"AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                 "Action": "kms:*", "Resource": "*"},
                {"Sid": "CloudWatchAlarmsPublish", "Effect": "Allow",
                 "Principal": {"Service": "cloudwatch.amazonaws.com"},
                 "Action": PUBLISH_ACTIONS, "Resource": "*", "Condition": account},
            )}},
        ALIAS: {"Type": "AWS::KMS::Alias", "Properties": {
            "AliasName": sub("alias/${AWS::StackName}-alerts"), "TargetKeyId": ref(KEY)}},
    }
