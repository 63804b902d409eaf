"""ApiBlueprint: the Blueprint every API module registers its routes on. Each route declares the permission it
needs (`permission=Permission.X`, chalicelib/access/permissions.py: a route without one cannot be registered)
and gets the deployment's authorizer (Cognito in AWS), the caller check at the edge (chalicelib/api/caller.py)
and the one error mapper (chalicelib/api/errors.py); a route module names none of these itself."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint

from chalicelib.access.permissions import Permission
from chalicelib.api import auth
from chalicelib.api.errors import mapped

PERMISSION_ATTR = "aligned_permission"


class ApiBlueprint(Blueprint):
    def route(self, path: str, permission: Permission | None = None, **kwargs: Any) -> Callable[..., Any]:
        if not isinstance(permission, Permission):
            raise TypeError(f"{path}: every API route declares permission=Permission.<X> (chalicelib/access)")
        if "authorizer" in kwargs:
            raise TypeError("ApiBlueprint routes get the deployment's authorizer; do not pass one")
        register = super().route(path, authorizer=auth.authorizer, **kwargs)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            from chalicelib.api.caller import guard

            handler = mapped(guard(view, permission, lambda: self.current_request))
            setattr(handler, PERMISSION_ATTR, permission)
            register(handler)
            return view

        return decorator
