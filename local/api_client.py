"""A minimal JSON client for the local API (stdlib only), used to register the demo domain and registry."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: Any  # decoded JSON, or the text when it is not JSON


class ApiClient:
    def __init__(self, base_url: str, timeout: float = 60, token: str | None = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"not an HTTP URL: {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token = token  # ALIGNED_AUTH=local: sent as "Authorization: Bearer <token>"

    def request(self, method: str, path: str, payload: Any = None, content_type: str = "application/json"
                ) -> Response:
        """`payload` as JSON, or as it is when it is bytes (sent with `content_type`)."""
        data = payload if isinstance(payload, bytes) else None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(self.base_url + path, data=data, method=method,  # noqa: S310 (checked)
                                     headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310
                return Response(resp.status, _decode(resp.read()))
        except urllib.error.HTTPError as exc:
            return Response(exc.code, _decode(exc.read()))

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, payload: Any) -> Response:
        return self.request("POST", path, payload)

    def post_csv(self, path: str, data: bytes) -> Response:
        return self.request("POST", path, data, "text/csv")


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode("utf-8", "replace")
