"""The caller of a request: a user, the organizations they belong to with a role in each, and whether they
operate the deployment (operators see and may do everything). Pure."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.access.permissions import ROLE_PERMISSIONS, Permission, Role


@dataclass(frozen=True, slots=True)
class Membership:
    org: str
    role: Role


@dataclass(frozen=True, slots=True)
class Principal:
    user: str
    memberships: tuple[Membership, ...] = ()
    operator: bool = False
    email: str = ""

    def role_in(self, org: str | None) -> Role | None:
        return next((m.role for m in self.memberships if org is not None and m.org == org), None)

    def sees(self, org: str | None) -> bool:
        """Whether anything of `org` may be shown (None: a domain no organization owns; operators only)."""
        return self.operator or self.role_in(org) is not None

    def can(self, permission: Permission, org: str | None) -> bool:
        if self.operator:
            return True
        role = self.role_in(org)
        return role is not None and permission in ROLE_PERMISSIONS[role]

    def can_somewhere(self, permission: Permission) -> bool:
        return self.operator or permission is Permission.SIGNED_IN or \
            any(permission in ROLE_PERMISSIONS[m.role] for m in self.memberships)

    def orgs(self, permission: Permission = Permission.READ) -> frozenset[str]:
        """The organizations where the user holds `permission` (operators: check `operator` first)."""
        return frozenset(m.org for m in self.memberships if permission in ROLE_PERMISSIONS[m.role])


LOCAL_USER = "local"
LOCAL_OPERATOR = Principal(LOCAL_USER, (), operator=True)  # ALIGNED_AUTH=none: the one local user, sign-in free
