"""The one place an identity becomes a principal. Cognito (behind API Gateway's authorizer) and the local token
mode hand over the same claims: `sub` (the user), `email`, and `cognito:groups` (operators are in the
`aligned-operators` group). Roles in organizations are read from the access store, not from the token. Pure."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chalicelib.access.permissions import OPERATORS_GROUP
from chalicelib.access.principal import Membership, Principal
from chalicelib.errors import Unauthenticated

GROUPS_CLAIM = "cognito:groups"


def groups_of(claims: Mapping[str, Any]) -> frozenset[str]:
    """The groups claim as a set: a JSON list in a token; API Gateway hands REST authorizer claims over as
    strings ("[a, b]" or "a,b" or "a b")."""
    raw = claims.get(GROUPS_CLAIM)
    if isinstance(raw, list | tuple):
        return frozenset(str(g).strip() for g in raw if str(g).strip())
    if isinstance(raw, str):
        return frozenset(g for g in raw.strip("[]").replace(",", " ").split() if g)
    return frozenset()


def principal_from_claims(claims: Mapping[str, Any] | None,
                          memberships: Callable[[str], tuple[Membership, ...]]) -> Principal:
    """401 without a subject; otherwise the user, their memberships in the store, and the operator flag."""
    user = str((claims or {}).get("sub") or "").strip()
    if not claims or not user:
        raise Unauthenticated()
    email = str(claims.get("email") or "")
    return Principal(user, memberships(user), OPERATORS_GROUP in groups_of(claims), email)


def bearer(header: str | None) -> str:
    """The token of an Authorization header ("Bearer <token>" or the bare token, as Cognito's authorizer takes)."""
    value = (header or "").strip()
    return value[7:].strip() if value[:7].lower() == "bearer " else value
