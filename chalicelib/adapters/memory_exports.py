"""The in-memory fake of the ExportStore port: keeps the stored files; a URL names the key and its lifetime."""
from __future__ import annotations

from typing import BinaryIO
from urllib.parse import quote


class MemoryExports:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str, str]] = {}  # key -> (content, content type, file name)

    def put(self, key: str, body: BinaryIO, content_type: str, filename: str) -> None:
        self.files[key] = (body.read(), content_type, filename)

    def url(self, key: str, seconds: int) -> str:
        return f"memory://exports/{quote(key)}?expires={seconds}"

    def fetch(self, url: str) -> bytes:
        """The content a URL handed out by `url` leads to (what a browser would download)."""
        from urllib.parse import unquote, urlsplit

        return self.files[unquote(urlsplit(url).path.removeprefix("/"))][0]
