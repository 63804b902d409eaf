"""The access store in memory (tests, `bootstrap(**memory_adapters())`)."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

from chalicelib.access.principal import Membership
from chalicelib.ports.access import Member, Organization


class MemoryAccess:
    def __init__(self) -> None:
        self.orgs: dict[str, Organization] = {}
        self.items: dict[tuple[str, str], Member] = {}
        self._secret = secrets.token_bytes(32)

    def organizations(self) -> list[Organization]:
        return sorted(self.orgs.values(), key=lambda o: o.id)

    def organization(self, org: str) -> Organization | None:
        return self.orgs.get(org)

    def add_organization(self, org: str, name: str) -> bool:
        if org in self.orgs:
            return False
        self.orgs[org] = Organization(org, name, datetime.now(UTC))
        return True

    def members(self, org: str) -> list[Member]:
        return sorted((m for (o, _), m in self.items.items() if o == org), key=lambda m: m.user)

    def memberships(self, user: str) -> tuple[Membership, ...]:
        return tuple(sorted((Membership(m.org, m.role) for (_, u), m in self.items.items() if u == user),
                            key=lambda m: m.org))

    def put_member(self, member: Member) -> None:
        self.items[(member.org, member.user)] = member

    def remove_member(self, org: str, user: str) -> bool:
        return self.items.pop((org, user), None) is not None

    def secret(self) -> bytes:
        return self._secret
