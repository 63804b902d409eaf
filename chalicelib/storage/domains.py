"""Registered analysis domains. Removal is soft: the item keeps `removed`, so its data stays but is hidden."""
from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.errors import ClaimChanged
from chalicelib.ports.ingest import Domain
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import REPORTER, DomainItem


def normalise(name: str) -> str:
    return name.strip().rstrip(".").lower()


class DynamoDomains:
    def __init__(self, table_name: str) -> None:
        self._domains = bind_model(DomainItem, table_name)

    def get(self, name: str) -> Domain | None:
        try:
            return _domain(self._domains.get(normalise(name), consistent_read=True))
        except self._domains.DoesNotExist:
            return None

    def add(self, name: str, org: str | None = None, proven: datetime | None = None, display_name: str = ""
            ) -> Domain:
        """Registers the domain (again, if it was removed). Idempotent."""
        name = normalise(name)
        item = self._domains(name, created=datetime.now(UTC), removed=None, org=org, proven=proven,
                             display_name=display_name or None)
        try:
            item.save(condition=self._domains.name.does_not_exist() | self._domains.removed.exists())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            found = self.get(name)
            assert found is not None
            return found
        return _domain(item)

    def assign(self, name: str, org: str | None, proven: datetime | None, expected: Domain) -> Domain | None:
        """One conditional UpdateItem: registered, not removed, and owner and proof still `expected`'s."""
        d = self._domains
        held = (d.org == expected.org) if expected.org else d.org.does_not_exist()
        proof = (d.proven == expected.proven) if expected.proven else d.proven.does_not_exist()
        actions: list[Action] = [d.org.set(org) if org else d.org.remove(),
                                 d.proven.set(proven) if proven else d.proven.remove()]
        if expected.org not in (None, org):
            actions.append(d.display_name.remove())  # the previous organization's name for it
        try:
            d(normalise(name)).update(actions=actions,
                                      condition=d.name.exists() & d.removed.does_not_exist() & held & proof)
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            now = self.get(name)
            if now is None or not now.active:
                return None
            raise ClaimChanged(now.name) from None
        return self.get(name)

    def remove(self, name: str) -> bool:
        """Soft delete; False when the domain is not registered."""
        try:
            self._domains(normalise(name)).update(
                actions=[self._domains.removed.set(datetime.now(UTC))],
                condition=self._domains.name.exists() & self._domains.removed.does_not_exist())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def list(self, include_removed: bool = False) -> list[Domain]:
        items = (_domain(i) for i in self._domains.scan() if not i.name.startswith(REPORTER))
        return sorted((d for d in items if include_removed or d.active), key=lambda d: d.name)


class DynamoTrustedReporters:
    """The operator's trusted reporter mail domains, as REPORTER-prefixed items of the domains table."""

    def __init__(self, table_name: str) -> None:
        self._items = bind_model(DomainItem, table_name)

    def list(self) -> frozenset[str]:
        found = self._items.scan(self._items.name.startswith(REPORTER))
        return frozenset(i.name[len(REPORTER):] for i in found)

    def add(self, domain: str) -> None:
        self._items(REPORTER + normalise(domain), created=datetime.now(UTC)).save()

    def remove(self, domain: str) -> bool:
        try:
            self._items(REPORTER + normalise(domain)).delete(condition=self._items.name.exists())
        except DeleteError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return True


def _domain(item: DomainItem) -> Domain:
    return Domain(item.name, item.created, item.removed, item.org, item.proven, item.display_name or "")
