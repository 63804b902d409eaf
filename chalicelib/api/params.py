"""Decoding of query strings and bodies, each bad value an InvalidInput naming the field and its code; and paging
(one limit for every listing)."""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from chalice.app import Request

if TYPE_CHECKING:
    from chalicelib.errors import InvalidInput
    from chalicelib.services.analyses import DayRange

MAX_LIMIT = 1000  # rows or items per page, the same for every listing
MAX_OFFSET = 10**9


def invalid(code: str, field: str, **params: Any) -> InvalidInput:
    """The InvalidInput to raise; chalicelib.errors is imported on first use, not with the blueprints."""
    from chalicelib.errors import InvalidInput

    return InvalidInput(code, field, **params)


def query(request: Request | None) -> dict[str, str]:
    return dict((request.query_params if request else None) or {})


def today() -> date:
    return datetime.now(UTC).date()


def day_range(params: Mapping[str, str]) -> DayRange:
    from chalicelib.services.analyses import DayRange

    return DayRange.parse(params.get("from"), params.get("to"), today())


def day(params: Mapping[str, str], name: str) -> date | None:
    """An optional YYYY-MM-DD value."""
    raw = params.get(name)
    if raw is None:
        return None
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise invalid("invalid_day", name, value=raw)


def integer(params: Mapping[str, str], name: str, default: int, low: int, high: int,
            code: str = "invalid_integer") -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise invalid(code, name, min=low, max=high)
    return int(raw)


def number(params: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise invalid("invalid_number", name, min=low, max=high)
    return value


def limit(params: Mapping[str, str], default: int) -> int:
    return integer(params, "limit", default, 1, MAX_LIMIT, "invalid_limit")


def offset_page(params: Mapping[str, str], default_limit: int) -> tuple[int, int]:
    """(offset, limit) of a listing paged by position."""
    offset = integer(params, "offset", 0, 0, MAX_OFFSET, "invalid_offset")
    return offset, limit(params, default_limit)


def token_page(params: Mapping[str, str], default_limit: int) -> tuple[int, str | None]:
    """(limit, token) of a listing paged by the opaque `next` token the previous page returned."""
    return limit(params, default_limit), params.get("next") or None


def flag(params: Mapping[str, str], name: str) -> bool | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        raise invalid("invalid_boolean", name)
    return raw.lower() == "true"


def choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    """The value of `name`, one of `allowed`; the first of them when absent."""
    raw = params.get(name, allowed[0])
    if raw not in allowed:
        raise invalid("invalid_choice", name, allowed=list(allowed))
    return raw


def wants_csv(params: Mapping[str, str]) -> bool:
    return choice(params, "format", ("json", "csv")) == "csv"


def json_body(request: Request | None) -> dict[str, Any]:
    raw = request.raw_body if request else b""
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise invalid("invalid_json", "body") from None
    if not isinstance(body, dict):
        raise invalid("invalid_json", "body")
    return body
