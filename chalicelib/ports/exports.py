"""The port of large downloads: a store that keeps a finished file for a short while and hands out a
short-lived URL to it (S3 with a presigned URL; an in-memory fake in tests)."""
from __future__ import annotations

from typing import BinaryIO, Protocol


class ExportStore(Protocol):
    def put(self, key: str, body: BinaryIO, content_type: str, filename: str) -> None:
        """Stores `body` (read from its current position to the end) under `key`, to be downloaded as
        `filename`."""
        ...

    def url(self, key: str, seconds: int) -> str:
        """A URL that downloads the stored `key` without any other credential, valid for `seconds`."""
        ...
