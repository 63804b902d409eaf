"""The raw-mail archive in S3 (what SES's S3 action writes). Never deletes anything."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.ports.ingest import NotFound

_MISSING = {"NoSuchKey", "404", "NotFound", "NoSuchBucket"}


class S3RawMail:
    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, bucket: str, key: str) -> bytes:
        try:
            return bytes(self.client.get_object(Bucket=bucket, Key=key)["Body"].read())
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                raise NotFound(f"s3://{bucket}/{key}") from exc
            raise

    def put(self, bucket: str, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=bucket, Key=key, Body=data, ContentType="message/rfc822")

    def keys(self, bucket: str, prefix: str, since: date | None = None) -> Iterator[str]:
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                if since is None or obj["LastModified"].date() >= since:
                    yield obj["Key"]
