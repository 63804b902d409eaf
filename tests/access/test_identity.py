"""The pure parts of access: roles and permissions, the principal, the one mapping of claims to a principal,
the local HS256 tokens, the blueprint's refusal of a route without a permission."""
from __future__ import annotations

import pytest

from chalicelib.access.identity import bearer, groups_of, principal_from_claims
from chalicelib.access.ownership import published, verification_record
from chalicelib.access.permissions import ROLE_PERMISSIONS, Permission, Role
from chalicelib.access.principal import Membership, Principal
from chalicelib.access.tokens import InvalidToken, sign, verify
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.cli_token import claims
from chalicelib.errors import Unauthenticated
from tests.offline import offline_settings

pytestmark = pytest.mark.unit
KEY = b"0123456789abcdef0123456789abcdef"


def test_roles_nest_and_only_the_operator_operates() -> None:
    order = [Role.VIEWER, Role.ANALYST, Role.ADMIN, Role.OWNER]
    for lower, higher in zip(order, order[1:], strict=False):
        assert ROLE_PERMISSIONS[lower] < ROLE_PERMISSIONS[higher]
    assert all(Permission.OPERATE not in p for p in ROLE_PERMISSIONS.values())
    assert Permission.MEMBERS_WRITE in ROLE_PERMISSIONS[Role.OWNER] - ROLE_PERMISSIONS[Role.ADMIN]


def test_a_principal_can_only_what_its_role_in_that_organization_allows() -> None:
    p = Principal("u", (Membership("a", Role.VIEWER), Membership("b", Role.ADMIN)))
    assert p.can(Permission.READ, "a") and not p.can(Permission.ALERTS_WRITE, "a")
    assert p.can(Permission.ALERTS_WRITE, "b") and not p.can(Permission.READ, "c")
    assert not p.can(Permission.READ, None)  # a domain of no organization: the operator's
    assert p.orgs(Permission.DOMAINS_WRITE) == {"b"} and p.can_somewhere(Permission.DOMAINS_WRITE)
    assert not p.can_somewhere(Permission.OPERATE)
    op = Principal("o", (), operator=True)
    assert op.can(Permission.OPERATE, None) and op.sees("anything")


@pytest.mark.parametrize(("raw", "groups"), [
    (["aligned-operators", "x"], {"aligned-operators", "x"}),
    ("[aligned-operators, x]", {"aligned-operators", "x"}),  # API Gateway's REST authorizer claims are strings
    ("aligned-operators", {"aligned-operators"}),
    (None, set()),
])
def test_the_groups_claim_in_every_shape(raw: object, groups: set[str]) -> None:
    assert groups_of({"cognito:groups": raw}) == groups


def test_claims_map_to_a_principal_with_roles_from_the_store() -> None:
    store = {"u1": (Membership("acme", Role.ANALYST),)}
    p = principal_from_claims({"sub": "u1", "email": "u@x", "cognito:groups": "[aligned-operators]"},
                              lambda user: store.get(user, ()))
    assert p == Principal("u1", store["u1"], True, "u@x")
    for bad in (None, {}, {"sub": ""}, {"email": "x"}):
        with pytest.raises(Unauthenticated):
            principal_from_claims(bad, lambda user: ())


def test_tokens_round_trip_and_refuse_tampering_and_expiry() -> None:
    token = sign(claims("u1", hours=1, now=1000), KEY)
    assert verify(token, KEY, now=1001)["sub"] == "u1"
    with pytest.raises(InvalidToken):
        verify(token, KEY, now=1000 + 3601)
    with pytest.raises(InvalidToken):
        verify(token, b"another key of thirty-two bytes!", now=1001)
    head, body, mac = token.split(".")
    forged = sign({"sub": "admin", "exp": 9e9}, KEY).split(".")[1]
    with pytest.raises(InvalidToken):
        verify(f"{head}.{forged}.{mac}", KEY, now=1001)
    for junk in ("", "a.b", "a.b.c", "x" * 50):
        with pytest.raises(InvalidToken):
            verify(junk, KEY)
    assert bearer("Bearer abc") == "abc" and bearer("abc") == "abc" and bearer(None) == ""


def test_the_verification_token_is_per_organization_and_domain() -> None:
    a = verification_record(KEY, "acme", "example.com")
    assert a.name == "_aligned-verify.example.com" and a.value.startswith("aligned-verify=")
    assert a != verification_record(KEY, "bravo", "example.com")
    assert a != verification_record(KEY, "acme", "example.org")
    assert a == verification_record(KEY, "acme", "example.com")
    assert published(a, ["v=spf1 -all", f'"{a.value}"']) and not published(a, None)


def test_a_route_without_a_permission_cannot_be_registered() -> None:
    blueprint = ApiBlueprint("x")
    with pytest.raises(TypeError, match="permission"):
        blueprint.route("/api/x", methods=["GET"])
    with pytest.raises(TypeError, match="permission"):
        blueprint.route("/api/x", permission="read", methods=["GET"])  # type: ignore[arg-type]
    blueprint.route("/api/x", permission=Permission.READ, methods=["GET"])  # declared: accepted


def test_the_token_command_prints_a_token_and_records_the_role(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from chalicelib import wiring
    from chalicelib.adapters.memory import memory_adapters
    from chalicelib.adapters.token_key import signing_key
    from chalicelib.cli import main
    from chalicelib.settings import Auth

    key_file = str(tmp_path / "data" / "auth-token.key")
    built = wiring.bootstrap(replace(offline_settings(), auth=Auth("local", key_file)), **memory_adapters())
    previous = wiring.install(built)
    try:
        assert main(["token", "--user", "alice", "--org", "acme", "--role", "analyst"]) == 0
    finally:
        wiring.install(previous)
    token = capsys.readouterr().out.strip()
    found = verify(token, signing_key(key_file))
    assert (found["sub"], found["cognito:groups"]) == ("alice", [])
    assert built.access.memberships("alice") == (Membership("acme", Role.ANALYST),)
    assert built.access.organization("acme") is not None
