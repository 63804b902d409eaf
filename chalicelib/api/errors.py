"""The one place where errors become HTTP answers. Every route of an ApiBlueprint (chalicelib/api/blueprint.py)
runs inside `mapped`; no route catches anything itself.

Every 4xx body has one shape: {"error": CODE, "message": TEXT, "field": NAME | null, "params": {...}}, CODE
a key of chalicelib.errors.MESSAGES, params the values TEXT was made from (clients translate CODE + params).
A rejected file import adds "errors": one {"line", "error", "field", "params", "message"} per bad line (a long
list is cut, and "more_errors" counts the lines left out)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from chalice import Response

F = TypeVar("F", bound=Callable[..., Any])


def status_of(exc: Exception) -> int | None:
    """The HTTP status of a known error; None for anything else (a bug: Chalice answers 500 and logs it)."""
    from chalicelib.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated

    for kind, status in ((InvalidInput, 400), (Unauthenticated, 401), (Forbidden, 403), (NotFound, 404),
                         (Conflict, 409)):
        if isinstance(exc, kind):
            return status
    return None


def error_body(exc: Any) -> dict[str, Any]:
    from chalicelib.errors import ImportRejected

    body: dict[str, Any] = {"error": exc.code, "message": exc.message, "field": exc.field, "params": dict(exc.params)}
    if isinstance(exc, ImportRejected):
        body["errors"] = [{"line": p.line, "error": p.code, "field": p.field, "params": dict(p.params),
                           "message": p.message} for p in exc.problems]
        if exc.more:
            body["more_errors"] = exc.more
    return body


def error_response(exc: Exception) -> Response | None:
    status = status_of(exc)
    return None if status is None else Response(body=error_body(exc), status_code=status)


def mapped(view: F) -> F:
    """`view` with every known error turned into its HTTP answer."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except Exception as exc:
            response = error_response(exc)
            if response is None:
                raise
            return response

    return wrapped  # type: ignore[return-value]
