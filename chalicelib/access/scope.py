"""What a principal may see and do, domain by domain: the check every use case and list makes. A domain's
organization is looked up once per request (memoised). Pure: the lookup is passed in."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from chalicelib.access.permissions import Permission
from chalicelib.access.principal import Principal
from chalicelib.errors import Forbidden, UnknownDomain, UnknownOrganization
from chalicelib.ports.ingest import Domain


class Scope:
    def __init__(self, principal: Principal, lookup: Callable[[str], Domain | None]) -> None:
        self.principal, self._lookup = principal, lookup
        self._seen: dict[str, Domain | None] = {}

    @property
    def everything(self) -> bool:
        return self.principal.operator

    def domain(self, name: str) -> Domain | None:
        key = name.strip().rstrip(".").lower()
        if key not in self._seen:
            self._seen[key] = self._lookup(key)
        return self._seen[key]

    def org_of(self, name: str) -> str | None:
        found = self.domain(name)
        return None if found is None else found.org

    def sees(self, name: str) -> bool:
        """Whether anything of domain `name` may be shown (not registered, or another organization's: no)."""
        if self.everything:
            return True
        found = self.domain(name)
        return found is not None and self.principal.sees(found.org)

    def sees_on(self, name: str, day: date) -> bool:
        """Whether something of domain `name` about UTC day `day` may be shown: `sees`, and for an unproven
        domain only from its registration day on (ports.ingest Domain.visible_from), as the analyses show it."""
        if not self.sees(name):
            return False
        found = self.domain(name)
        floor = None if self.everything or found is None else found.visible_from
        return floor is None or day >= floor

    def require(self, name: str, permission: Permission) -> None:
        """404 unless the domain is the caller's to see (another organization's domain is not told apart from a
        missing one); 403 when it is but the role lacks `permission`."""
        if not self.sees(name):
            raise UnknownDomain(name)
        if not self.principal.can(permission, self.org_of(name)):
            raise Forbidden(permission.value)

    def require_org(self, org: str, permission: Permission) -> None:
        if not self.principal.sees(org):
            raise UnknownOrganization(org)
        if not self.principal.can(permission, org):
            raise Forbidden(permission.value)
