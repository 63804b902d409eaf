"""Organizations and their members (the access store). The store is authoritative for roles in every identity
mode: a token names the user; what the user may do is read here, so roles change without new tokens."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.access.permissions import Role
from chalicelib.access.principal import Membership


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    created: datetime


@dataclass(frozen=True, slots=True)
class Member:
    org: str
    user: str
    role: Role
    email: str = ""


class AccessStore(Protocol):
    def organizations(self) -> list[Organization]: ...

    def organization(self, org: str) -> Organization | None: ...

    def add_organization(self, org: str, name: str) -> bool:
        """False when it exists already (nothing changed)."""
        ...

    def members(self, org: str) -> list[Member]: ...

    def memberships(self, user: str) -> tuple[Membership, ...]: ...

    def put_member(self, member: Member) -> None: ...

    def remove_member(self, org: str, user: str) -> bool: ...

    def secret(self) -> bytes:
        """The deployment's secret for domain verification tokens, made on first use and kept."""
        ...
