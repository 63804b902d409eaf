"""Small CloudFormation builders, so the resource modules read like the template they produce."""
from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def ref(name: str) -> Json:
    return {"Ref": name}


def att(name: str, attribute: str) -> Json:
    return {"Fn::GetAtt": [name, attribute]}


def sub(text: str) -> Json:
    return {"Fn::Sub": text}


def if_(condition: str, then: Any, otherwise: Any) -> Json:
    return {"Fn::If": [condition, then, otherwise]}


def named(suffix: str) -> Json:
    """A physical name owned by this stack: <stack name>-<suffix>."""
    return sub("${AWS::StackName}-" + suffix)


def arn(service: str, resource: str, region: bool = True, account: bool = True) -> Json:
    """arn:<partition>:<service>:<region>:<account>:<resource>; `resource` may use ${...} substitutions."""
    return sub("arn:${AWS::Partition}:" + service + ":" + ("${AWS::Region}" if region else "") + ":"
               + ("${AWS::AccountId}" if account else "") + ":" + resource)


def policy(*statements: Json) -> Json:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions: list[str], resources: list[Any], **extra: Any) -> Json:
    return {"Effect": "Allow", "Action": sorted(actions), "Resource": resources, **extra}


def deny_insecure_transport(service: str, resources: list[Any]) -> Json:
    return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": f"{service}:*",
            "Resource": resources, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def private_bucket(**properties: Any) -> Json:
    """Encrypted (SSE-S3), no public access, owner-enforced objects."""
    return {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        **properties,
    }


def join(separator: str, parts: list[Any]) -> Json:
    return {"Fn::Join": [separator, parts]}
