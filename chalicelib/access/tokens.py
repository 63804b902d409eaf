"""HS256 JSON Web Tokens (RFC 7519) for the local identity mode, made with the standard library: the local API
accepts them the way API Gateway's Cognito authorizer accepts Cognito's tokens. Pure."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

HEADER = {"alg": "HS256", "typ": "JWT"}


class InvalidToken(ValueError):
    """Malformed, wrongly signed or expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError):
        raise InvalidToken("bad base64") from None


def _json(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def sign(claims: Mapping[str, Any], key: bytes) -> str:
    head = _b64(_json(HEADER)) + "." + _b64(_json(claims))
    return head + "." + _b64(hmac.new(key, head.encode("ascii"), hashlib.sha256).digest())


def verify(token: str, key: bytes, now: float | None = None) -> dict[str, Any]:
    """The claims of a token signed with `key`; InvalidToken otherwise (also when `exp` has passed)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise InvalidToken("not a JWT")
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
    except ValueError:
        raise InvalidToken("bad JSON") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise InvalidToken("not an HS256 token")
    expected = hmac.new(key, f"{parts[0]}.{parts[1]}".encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _unb64(parts[2])):
        raise InvalidToken("bad signature")
    exp = claims.get("exp")
    if isinstance(exp, int | float) and exp < (time.time() if now is None else now):
        raise InvalidToken("expired")
    return claims
