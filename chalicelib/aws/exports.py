"""Large downloads in S3: written under the exports prefix (the bucket's lifecycle rule removes them after a
day) and handed out as presigned GET URLs. The client must sign with SigV4 (wiring builds it so)."""
from __future__ import annotations

from typing import Any, BinaryIO


class S3Exports:
    def __init__(self, s3: Any, bucket: str, prefix: str) -> None:
        self._s3, self.bucket, self.prefix = s3, bucket, prefix

    def put(self, key: str, body: BinaryIO, content_type: str, filename: str) -> None:
        # put_object streams a file object (read in chunks for the checksum and the request): no copy in memory
        self._s3.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=body, ContentType=content_type,
                            ContentDisposition=f'attachment; filename="{filename}"')

    def url(self, key: str, seconds: int) -> str:
        return str(self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self.prefix + key}, ExpiresIn=seconds))
