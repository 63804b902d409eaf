"""Creates, when missing, the AWS resources of the stack on the emulators: the raw-mail bucket, the queue fed
by its notifications (with a dead-letter queue), the alerts topic and the DynamoDB tables. Idempotent: every
start calls it (moto forgets everything when it stops; dynalite keeps its tables)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from local.config import ACCOUNT_ID, REGION

VISIBILITY_SECONDS = 30  # a failed raw mail is retried after this long
MAX_RECEIVES = 3  # ... and moved to the dead-letter queue after this many attempts


@dataclass(frozen=True, slots=True)
class Topology:
    bucket: str
    incoming_prefix: str  # where SES (and the demo import) drops raw mail
    queue: str  # fed by the bucket's notifications under incoming_prefix
    topic: str | None  # SNS alerts topic name
    exports_bucket: str = "aligned-exports"  # large CSV downloads, fetched by the browser via presigned URLs

    @property
    def dead_letter_queue(self) -> str:
        return self.queue + "-dlq"

    @property
    def queue_arn(self) -> str:
        return f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{self.queue}"

    @property
    def topic_arn(self) -> str | None:
        return f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:{self.topic}" if self.topic else None


def ensure_queue(sqs: Any, topology: Topology) -> str:
    dlq_url = sqs.create_queue(QueueName=topology.dead_letter_queue)["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)})
    return sqs.create_queue(QueueName=topology.queue, Attributes={
        "VisibilityTimeout": str(VISIBILITY_SECONDS), "RedrivePolicy": redrive})["QueueUrl"]


def ensure_bucket(s3: Any, topology: Topology) -> None:
    try:
        s3.head_bucket(Bucket=topology.bucket)
    except s3.exceptions.ClientError:
        s3.create_bucket(Bucket=topology.bucket)


def ensure_exports_bucket(s3: Any, topology: Topology) -> None:
    """The bucket of large CSV downloads; the browser GETs them from moto by presigned URL (no CORS needed:
    the UI navigates to the URL, it does not fetch it)."""
    try:
        s3.head_bucket(Bucket=topology.exports_bucket)
    except s3.exceptions.ClientError:
        s3.create_bucket(Bucket=topology.exports_bucket)


def ensure_notification(s3: Any, topology: Topology) -> None:
    """S3 -> SQS for new objects under the incoming prefix, as the deployed template sets it up."""
    s3.put_bucket_notification_configuration(Bucket=topology.bucket, NotificationConfiguration={
        "QueueConfigurations": [{
            "Id": "raw-mail-to-ingest",
            "QueueArn": topology.queue_arn,
            "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": topology.incoming_prefix}]}},
        }],
    })


def ensure_topic(sns: Any, topology: Topology) -> str | None:
    if not topology.topic:
        return None
    return sns.create_topic(Name=topology.topic)["TopicArn"]


def queue_backlog(sqs: Any, queue_url: str) -> int:
    """Messages waiting or being processed (moto counts both exactly)."""
    attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])
