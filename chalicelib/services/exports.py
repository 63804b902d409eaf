"""Downloads of any size: the file is written once into a spooled temporary file (memory up to the inline
size, then Lambda's /tmp); up to `inline_bytes` it is answered directly, beyond that it is stored in the
ExportStore and the answer is a short-lived URL. So a download never needs more memory than the inline size,
however many rows it has, and never exceeds the 6 MB a Lambda response may hold."""
from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from chalicelib.ports.exports import ExportStore


@dataclass(frozen=True, slots=True)
class Exported:
    url: str  # presigned: works without the API's credentials until it expires
    filename: str
    size: int  # bytes
    expires_in: int  # seconds


def _token() -> str:
    return uuid.uuid4().hex


class ExportService:
    def __init__(self, store: ExportStore, inline_bytes: int, url_seconds: int,
                 token: Callable[[], str] = _token) -> None:
        self.store, self.inline_bytes, self.url_seconds, self.token = store, inline_bytes, url_seconds, token

    def deliver(self, filename: str, content_type: str, write: Callable[[BinaryIO], None]) -> bytes | Exported:
        """Runs `write` on a fresh file; its bytes when they are few enough, else where to fetch them."""
        with tempfile.SpooledTemporaryFile(max_size=self.inline_bytes) as out:
            write(out)  # type: ignore[arg-type]
            size = out.tell()
            out.seek(0)
            if size <= self.inline_bytes:
                return out.read()
            key = f"{datetime.now(UTC):%Y-%m-%d}/{self.token()}/{filename}"
            self.store.put(key, out, content_type, filename)  # type: ignore[arg-type]
        return Exported(self.store.url(key, self.url_seconds), filename, size, self.url_seconds)
