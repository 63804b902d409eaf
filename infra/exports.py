"""Large CSV downloads: a private bucket the API function writes them to (under the exports prefix) and hands
out presigned GET URLs for; a lifecycle rule removes them after a day. The presigned URL is signed with the API
function's role, so that role may put and get exactly these objects and nothing else in the bucket."""
from __future__ import annotations

from infra.cfn import Json, allow, att, deny_insecure_transport, policy, private_bucket, ref, sub

BUCKET, BUCKET_POLICY = "ExportsBucket", "ExportsBucketPolicy"
EXPIRE_DAYS = 1


def exports_resources(prefix: str) -> Json:
    return {
        BUCKET: {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                 "Properties": private_bucket(LifecycleConfiguration={"Rules": [
                     {"Id": "expire-exports", "Status": "Enabled", "Prefix": prefix, "ExpirationInDays": EXPIRE_DAYS,
                      "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]})},
        BUCKET_POLICY: {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": ref(BUCKET), "PolicyDocument": policy(
            deny_insecure_transport("s3", [att(BUCKET, "Arn"), sub("${" + BUCKET + ".Arn}/*")]))}},
    }


def api_statement(prefix: str) -> Json:
    """What the API function needs: write an export, and read it (the presigned GET acts with its role)."""
    return allow(["s3:GetObject", "s3:PutObject"], [sub("${" + BUCKET + ".Arn}/" + prefix + "*")], Sid="Exports")
