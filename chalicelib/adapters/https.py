"""HTTPS adapters of chalicelib.ports.https.Fetcher: `UrllibFetcher` (certificate-checked, no redirects, the body
read up to the limit, one deadline for the whole answer), `ZoneFetcher` (documents from the local zone files:
{"mta-sts.example.com": {"HTTPS": {"/.well-known/mta-sts.txt": "version: STSv1\\n..."}}}), `NoFetcher`."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chalicelib.ports.https import MAX_POLICY_BYTES, POLICY_TIMEOUT, FetchError


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:  # RFC 8461: redirects are not followed
        return None


class UrllibFetcher:
    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect)

    def get(self, url: str, max_bytes: int = MAX_POLICY_BYTES, timeout: float = POLICY_TIMEOUT) -> bytes:
        if urlsplit(url).scheme != "https":
            raise FetchError("only https URLs are fetched")
        deadline = time.monotonic() + timeout
        try:
            with self._opener.open(url, timeout=timeout) as answer:
                if answer.status != 200:
                    raise FetchError(f"HTTP {answer.status}")
                body = b""
                while chunk := answer.read(8192):
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"the document is larger than {max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"no complete answer within {timeout} s")
                return body
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise FetchError(f"{type(exc).__name__}: {str(exc)[:120]}") from None


class ZoneFetcher:
    def __init__(self, documents: dict[str, str]) -> None:
        self.documents = documents  # "https://host/path" -> body

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> ZoneFetcher:
        documents: dict[str, str] = {}
        for path in paths:
            for host, types in json.loads(Path(path).read_text(encoding="utf-8")).items():
                for doc_path, body in (types.get("HTTPS") or {}).items():
                    documents[f"https://{host.rstrip('.').lower()}{doc_path}"] = body
        return cls(documents)

    def get(self, url: str, max_bytes: int = MAX_POLICY_BYTES, timeout: float = POLICY_TIMEOUT) -> bytes:
        if url not in self.documents:
            raise FetchError("HTTP 404")
        body = self.documents[url].encode()
        if len(body) > max_bytes:
            raise FetchError(f"the document is larger than {max_bytes} bytes")
        return body


class NoFetcher:
    def get(self, url: str, max_bytes: int = MAX_POLICY_BYTES, timeout: float = POLICY_TIMEOUT) -> bytes:
        raise FetchError("HTTPS fetches are switched off")
