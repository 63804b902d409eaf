"""Access store port: organizations, members found by organization and by user, one owner item per membership,
and a verification secret made once."""
from __future__ import annotations

from chalicelib.access.permissions import Role
from chalicelib.access.principal import Membership
from chalicelib.ports.access import Member
from chalicelib.wiring import Container


def test_organizations_and_members(built: Container) -> None:
    store = built.access
    assert store.organizations() == [] and store.organization("acme") is None
    assert store.add_organization("acme", "Acme Ltd") and not store.add_organization("acme", "again")
    store.add_organization("bravo", "Bravo")
    assert [(o.id, o.name) for o in store.organizations()] == [("acme", "Acme Ltd"), ("bravo", "Bravo")]
    store.put_member(Member("acme", "u1", Role.OWNER, "u1@acme.example"))
    store.put_member(Member("acme", "u2", Role.VIEWER))
    store.put_member(Member("bravo", "u1", Role.ANALYST))
    store.put_member(Member("acme", "u2", Role.ADMIN))  # a new role replaces the old one
    assert store.members("acme") == [Member("acme", "u1", Role.OWNER, "u1@acme.example"),
                                     Member("acme", "u2", Role.ADMIN)]
    assert sorted(store.memberships("u1"), key=lambda m: m.org) == [Membership("acme", Role.OWNER),
                                                                  Membership("bravo", Role.ANALYST)]
    assert store.memberships("nobody") == ()
    assert store.remove_member("acme", "u2") and not store.remove_member("acme", "u2")
    assert [m.user for m in store.members("acme")] == ["u1"] and store.memberships("u2") == ()


def test_the_secret_is_made_once(built: Container) -> None:
    first = built.access.secret()
    assert len(first) >= 32 and built.access.secret() == first
