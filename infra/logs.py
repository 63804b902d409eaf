"""Access logs: CloudFront's standard logs go to a private log bucket (which must allow the ACL CloudFront's
log delivery writes with: ownership "bucket owner preferred"), expired after LOG_DAYS."""
from __future__ import annotations

from infra.cfn import Json, att, deny_insecure_transport, policy, private_bucket, ref, sub

BUCKET, BUCKET_POLICY = "AccessLogBucket", "AccessLogBucketPolicy"
CLOUDFRONT_PREFIX = "cloudfront/"
LOG_DAYS = 90  # as the functions' log groups (infra/functions.py)


def log_bucket_resources() -> Json:
    return {
        BUCKET: {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                 "Properties": private_bucket(
                     OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]},
                     LifecycleConfiguration={"Rules": [
                         {"Id": "expire-access-logs", "Status": "Enabled", "ExpirationInDays": LOG_DAYS,
                          "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]})},
        BUCKET_POLICY: {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": ref(BUCKET), "PolicyDocument": policy(
            deny_insecure_transport("s3", [att(BUCKET, "Arn"), sub("${" + BUCKET + ".Arn}/*")]))}},
    }
