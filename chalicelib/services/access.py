"""Organizations and their members: list (what the caller may see), create (the operator), and members added,
changed and removed by an owner (an organization keeps at least one owner)."""
from __future__ import annotations

import re

from chalicelib.access.permissions import Role, role_of
from chalicelib.access.principal import Principal
from chalicelib.errors import Conflict, InvalidInput, NotFound, UnknownOrganization
from chalicelib.ports.access import AccessStore, Member, Organization

_ORG_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$")
MAX_USER, MAX_NAME = 128, 100


def org_id(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("required", "id")
    value = text.strip()
    if not _ORG_ID.match(value):
        raise InvalidInput("invalid_org", "id", value=value)
    return value


def _text(value: object, field: str, limit: int, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise InvalidInput("required", field)
        return ""
    if not isinstance(value, str):
        raise InvalidInput("not_text", field)
    if len(value) > limit:
        raise InvalidInput("too_long", field, max=limit)
    if any(ord(c) < 32 for c in value):
        raise InvalidInput("control_characters", field)
    return value.strip()


class AccessService:
    def __init__(self, store: AccessStore) -> None:
        self.store = store

    def organizations(self, principal: Principal) -> list[Organization]:
        every = self.store.organizations()
        return every if principal.operator else [o for o in every if principal.sees(o.id)]

    def add_organization(self, body: dict[str, object]) -> Organization:
        org = org_id(body.get("id"))
        name = _text(body.get("name"), "name", MAX_NAME, required=False) or org
        if not self.store.add_organization(org, name):
            raise Conflict("org_exists", "id", org=org)
        found = self.store.organization(org)
        assert found is not None
        return found

    def _known(self, org: str) -> str:
        if self.store.organization(org) is None:
            raise UnknownOrganization(org)
        return org

    def members(self, org: str) -> list[Member]:
        return self.store.members(self._known(org))

    def set_member(self, org: str, user: str, body: dict[str, object]) -> Member:
        """Adds `user` to `org` with the role of the body (or changes their role)."""
        self._known(org)
        user = _text(user, "user", MAX_USER)
        role = role_of(body.get("role"))
        if role is None:
            raise InvalidInput("invalid_role", "role", allowed=[r.value for r in Role])
        email = _text(body.get("email"), "email", MAX_USER, required=False)
        if role is not Role.OWNER:
            self._keep_an_owner(org, user)
        member = Member(org, user, role, email)
        self.store.put_member(member)
        return member

    def remove_member(self, org: str, user: str) -> None:
        self._known(org)
        self._keep_an_owner(org, user)
        if not self.store.remove_member(org, user):
            raise NotFound("unknown_member", "user", user=user, org=org)

    def _keep_an_owner(self, org: str, leaving: str) -> None:
        owners = [m.user for m in self.store.members(org) if m.role is Role.OWNER]
        if owners == [leaving]:
            raise Conflict("last_owner", "role", org=org)
