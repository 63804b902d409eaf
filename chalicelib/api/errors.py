"""The one place where the API's errors become HTTP responses. Every view of the API blueprints is wrapped in
`http_errors`; the body is {"error": "invalid" | "not_found" | "conflict", "field", "message"} (the shape the
alert routes use too), "field" naming the request field at fault, and for a rejected CSV import "errors", one
entry per bad line."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from chalice import Response

F = TypeVar("F", bound=Callable[..., Any])


@functools.cache
def statuses() -> tuple[tuple[type[Exception], int, str], ...]:
    """(error type, HTTP status, error code), first match wins. Built on first use: the error modules are not
    needed at import (app.py imports this module in every Lambda function; see bench/coldstart.py)."""
    from chalicelib.registry import RegistryError
    from chalicelib.services.errors import EntryExists, ImportRejected, InvalidInput, UnknownDomain, UnknownEntry

    return (
        (ImportRejected, 400, "invalid"),
        (InvalidInput, 400, "invalid"),
        (RegistryError, 400, "invalid"),
        (UnknownDomain, 404, "not_found"),
        (UnknownEntry, 404, "not_found"),
        (EntryExists, 409, "conflict"),
    )


def error_response(exc: Exception) -> Response | None:
    """The HTTP response for a known API error; None for anything else (a bug: Chalice answers 500)."""
    from chalicelib.services.errors import ImportRejected

    for kind, status, code in statuses():
        if isinstance(exc, kind):
            body: dict[str, Any] = {"error": code, "field": getattr(exc, "field", None), "message": str(exc)}
            if isinstance(exc, ImportRejected):
                body["errors"] = [{"line": p.line, "field": p.field, "message": p.message} for p in exc.problems]
            return Response(body=body, status_code=status)
    return None


def http_errors(view: F) -> F:
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
