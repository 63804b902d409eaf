"""The HTTPS port: fetching one small document (the MTA-STS policy) with a size and a time limit. Adapters:
chalicelib.adapters.https (urllib, the real web) and its ZoneFetcher (documents from the local zone files)."""
from __future__ import annotations

from typing import Protocol

MAX_POLICY_BYTES = 64 * 1024  # RFC 8461 section 3.3: senders may refuse larger policies
POLICY_TIMEOUT = 10.0


class FetchError(Exception):
    """No document: connection, TLS or HTTP error, redirect, timeout, or larger than the limit."""


class Fetcher(Protocol):
    def get(self, url: str, max_bytes: int = MAX_POLICY_BYTES, timeout: float = POLICY_TIMEOUT) -> bytes:
        """The body of a 200 answer to GET `url` (no redirects followed); FetchError otherwise."""
        ...
