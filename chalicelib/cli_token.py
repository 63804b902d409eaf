"""`python -m chalicelib.cli token --user U [--org O --role R] [--operator]`: prints a token for the local
identity mode (ALIGNED_AUTH=local), signed with the key file of the local data folder, carrying the claims
Cognito's ID token carries (sub, email, cognito:groups). Roles are not in the token: with --org and --role the
membership is written to the access store the environment points at (creating the organization if needed), as
an owner would through the API; the store stays the one source of roles in every mode."""
from __future__ import annotations

import time
from typing import Any

from chalicelib.access.permissions import OPERATORS_GROUP, role_of
from chalicelib.access.tokens import sign

DEFAULT_HOURS = 12


def claims(user: str, email: str = "", operator: bool = False, hours: float = DEFAULT_HOURS,
           now: float | None = None) -> dict[str, Any]:
    issued = int(time.time() if now is None else now)
    return {"sub": user, "email": email or f"{user}@local.invalid", "token_use": "id",
            "cognito:groups": [OPERATORS_GROUP] if operator else [], "iat": issued, "exp": issued + int(hours * 3600)}


def make_token(user: str, org: str | None = None, role: str | None = None, operator: bool = False,
               email: str = "", hours: float = DEFAULT_HOURS) -> str:
    from chalicelib import wiring
    from chalicelib.adapters.token_key import signing_key

    built = wiring.container()
    if org:
        from chalicelib.ports.access import Member

        chosen = role_of(role or "viewer")
        if chosen is None:
            raise SystemExit(f"--role must be owner, admin, analyst or viewer, not {role!r}")
        built.access.add_organization(org, org)
        built.access.put_member(Member(org, user, chosen, email))
    return sign(claims(user, email, operator, hours), signing_key(built.settings.auth.key_file))
