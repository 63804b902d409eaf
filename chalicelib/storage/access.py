"""Organizations and memberships in the access table (ALIGNED_TABLE_ACCESS). Item kinds, by key:
("org#<id>", "org") an organization; ("org#<id>", "member#<user>") a membership, also found by user through
the sparse `by-user` index; ("secret", "secret") the domain-verification secret. Every write is one item."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DeleteError, PutError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.access.permissions import Role
from chalicelib.access.principal import Membership
from chalicelib.ports.access import Member, Organization
from chalicelib.settings import DEFAULTS, TABLE_ACCESS
from chalicelib.storage.binding import bind_model

ORG, MEMBER, SECRET = "org", "member#", "secret"


class MembersByUser(GlobalSecondaryIndex["AccessItem"]):
    class Meta:
        index_name = "by-user"
        projection = AllProjection()

    user = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute(range_key=True)


class AccessItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ACCESS]
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute(null=True)
    created = UTCDateTimeAttribute(null=True)
    user = UnicodeAttribute(null=True)  # membership items only (the sparse index)
    org = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    secret = BinaryAttribute(null=True, legacy_encoding=False)
    by_user = MembersByUser()


def _org_key(org: str) -> str:
    return "org#" + org


def _conditional_failed(exc: PutError | DeleteError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


class DynamoAccess:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(AccessItem, table_name)

    def organizations(self) -> list[Organization]:
        found = self._items.scan(self._items.sk == ORG)
        return sorted((_organization(i) for i in found), key=lambda o: o.id)

    def organization(self, org: str) -> Organization | None:
        try:
            return _organization(self._items.get(_org_key(org), ORG, consistent_read=True))
        except self._items.DoesNotExist:
            return None

    def add_organization(self, org: str, name: str) -> bool:
        item = self._items(_org_key(org), ORG, name=name, created=datetime.now(UTC))
        try:
            item.save(condition=self._items.pk.does_not_exist())
        except PutError as exc:
            if _conditional_failed(exc):
                return False
            raise
        return True

    def members(self, org: str) -> list[Member]:
        found = self._items.query(_org_key(org), self._items.sk.startswith(MEMBER), consistent_read=True)
        return sorted((_member(i) for i in found), key=lambda m: m.user)

    def memberships(self, user: str) -> tuple[Membership, ...]:
        return tuple(Membership(i.org or "", Role(i.role)) for i in self._items.by_user.query(user))

    def put_member(self, member: Member) -> None:
        self._items(_org_key(member.org), MEMBER + member.user, user=member.user, org=member.org,
                    role=member.role.value, email=member.email or None, created=datetime.now(UTC)).save()

    def remove_member(self, org: str, user: str) -> bool:
        try:
            self._items(_org_key(org), MEMBER + user).delete(condition=self._items.pk.exists())
        except DeleteError as exc:
            if _conditional_failed(exc):
                return False
            raise
        return True

    def secret(self) -> bytes:
        try:
            found = self._items.get(SECRET, SECRET, consistent_read=True)
            if found.secret:
                return bytes(found.secret)
        except self._items.DoesNotExist:
            pass
        item = self._items(SECRET, SECRET, secret=secrets.token_bytes(32), created=datetime.now(UTC))
        try:
            item.save(condition=self._items.pk.does_not_exist())
        except PutError as exc:
            if not _conditional_failed(exc):
                raise
            return bytes(self._items.get(SECRET, SECRET, consistent_read=True).secret or b"")
        return bytes(item.secret or b"")


def _organization(item: AccessItem) -> Organization:
    return Organization(item.pk.removeprefix("org#"), item.name or "", item.created or datetime.now(UTC))


def _member(item: AccessItem) -> Member:
    return Member(item.org or "", item.user or "", Role(item.role), item.email or "")
