"""Registered analysis domains. Removal is soft: the item keeps `removed`, so its data stays but is hidden."""
from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import PutError, UpdateError

from chalicelib.services.ports import Domain
from chalicelib.storage.models import DomainItem
from chalicelib.storage.tables import bind


def normalise(name: str) -> str:
    return name.strip().rstrip(".").lower()


class DynamoDomains:
    def __init__(self) -> None:
        bind()

    def get(self, name: str) -> Domain | None:
        try:
            return _domain(DomainItem.get(normalise(name), consistent_read=True))
        except DomainItem.DoesNotExist:
            return None

    def add(self, name: str) -> Domain:
        """Registers the domain (again, if it was removed). Idempotent."""
        name = normalise(name)
        item = DomainItem(name, created=datetime.now(UTC), removed=None)
        try:
            item.save(condition=DomainItem.name.does_not_exist() | DomainItem.removed.exists())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            found = self.get(name)
            assert found is not None
            return found
        return _domain(item)

    def remove(self, name: str) -> bool:
        """Soft delete; False when the domain is not registered."""
        try:
            DomainItem(normalise(name)).update(
                actions=[DomainItem.removed.set(datetime.now(UTC))],
                condition=DomainItem.name.exists() & DomainItem.removed.does_not_exist())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def list(self, include_removed: bool = False) -> list[Domain]:
        items = (_domain(i) for i in DomainItem.scan())
        return sorted((d for d in items if include_removed or d.active), key=lambda d: d.name)


def _domain(item: DomainItem) -> Domain:
    return Domain(item.name, item.created, item.removed)
