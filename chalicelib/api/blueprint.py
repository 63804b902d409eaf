"""ApiBlueprint: the Blueprint every API module registers its routes on. Each route it registers gets the
deployment's authorizer (Cognito in AWS) and the one error mapper (chalicelib/api/errors.py); a route module
never names either, so no route can be registered without them."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Blueprint

from chalicelib.api import auth
from chalicelib.api.errors import mapped


class ApiBlueprint(Blueprint):
    def route(self, path: str, **kwargs: Any) -> Callable[..., Any]:
        if "authorizer" in kwargs:
            raise TypeError("ApiBlueprint routes get the deployment's authorizer; do not pass one")
        register = super().route(path, authorizer=auth.authorizer, **kwargs)

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            register(mapped(view))
            return view

        return decorator
