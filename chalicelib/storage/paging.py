"""Opaque page tokens: DynamoDB's LastEvaluatedKey as url-safe base64 JSON."""
from __future__ import annotations

import base64
import json
from typing import Any


class BadToken(ValueError):
    """A page token that this service did not hand out."""


def encode_token(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str | None) -> dict[str, Any] | None:
    if not token:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError as exc:
        raise BadToken("invalid page token") from exc
    if not isinstance(value, dict):
        raise BadToken("invalid page token")
    return value
