"""The caller of the current request, resolved once at the edge (ApiBlueprint runs every route through `guard`):
the identity from the auth mode (none: the one local operator; local: an HS256 token signed with the local
key; cognito: the claims API Gateway's authorizer passed on), then the route's declared permission checked
against the domain (`{domain}`) or organization (`{org}`) the path names. Views and use cases read the result
with `scope()`."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from chalicelib.access.permissions import Permission
from chalicelib.access.principal import LOCAL_OPERATOR, Principal
from chalicelib.errors import Forbidden, Unauthenticated

if TYPE_CHECKING:
    from chalicelib.access.scope import Scope

_current: ContextVar[Scope | None] = ContextVar("aligned_scope", default=None)


def resolve(request: Any) -> Principal:
    from chalicelib import wiring

    built = wiring.container()
    mode = built.settings.auth.mode
    if mode == "none":
        return LOCAL_OPERATOR
    from chalicelib.access.identity import principal_from_claims

    if mode == "cognito":
        claims = ((getattr(request, "context", None) or {}).get("authorizer") or {}).get("claims")
        return principal_from_claims(claims, built.access.memberships)
    from chalicelib.access.identity import bearer
    from chalicelib.access.tokens import InvalidToken, verify
    from chalicelib.adapters.token_key import signing_key

    headers = getattr(request, "headers", None) or {}
    token = bearer(headers.get("authorization"))
    if not token:
        raise Unauthenticated()
    try:
        claims = verify(token, signing_key(built.settings.auth.key_file))
    except InvalidToken:
        raise Unauthenticated() from None
    return principal_from_claims(claims, built.access.memberships)


def check(scope: Scope, permission: Permission, params: Mapping[str, Any]) -> None:
    if "domain" in params:
        scope.require(str(params["domain"]), permission)
    elif "org" in params:
        scope.require_org(str(params["org"]), permission)
    elif not scope.principal.can_somewhere(permission):
        raise Forbidden(permission.value)


def guard(view: Callable[..., Any], permission: Permission, request: Callable[[], Any]) -> Callable[..., Any]:
    """`view` run for a resolved, checked caller (`request()` gives the current Chalice request)."""
    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from chalicelib import wiring
        from chalicelib.access.scope import Scope

        found = Scope(resolve(request()), wiring.container().domains.get)
        check(found, permission, kwargs)
        token = _current.set(found)
        try:
            return view(*args, **kwargs)
        finally:
            _current.reset(token)

    return guarded


def scope() -> Scope:
    """The checked caller of the request being answered (RuntimeError outside a route)."""
    found = _current.get()
    if found is None:
        raise RuntimeError("no caller: scope() is for the views of an ApiBlueprint route")
    return found
