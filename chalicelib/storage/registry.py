"""Source-IP registry entries per domain: one item per entry (sk "net#<cidr>") and one counter item per domain
(sk "#version") bumped after every change, so a reader can keep a Matcher per (domain, version) in memory and
check it with a single-item read. Entry write first, counter second: a reader never caches stale entries under
the newest version."""
from __future__ import annotations

from collections.abc import Iterable

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError
from pynamodb.models import Model

from chalicelib.registry import RegistryEntry, make_entry
from chalicelib.settings import API_DEFAULTS, TABLE_REGISTRY, ApiSettings, api_settings

VERSION = "#version"
ENTRY = "net#"


class RegistryItem(Model):
    class Meta:
        table_name = API_DEFAULTS[TABLE_REGISTRY]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    tag = UnicodeAttribute(null=True)
    comment = UnicodeAttribute(null=True)
    version = NumberAttribute(null=True)


def bind(config: ApiSettings | None = None) -> None:
    RegistryItem.Meta.table_name = (config or api_settings()).registry_table


def create_table(config: ApiSettings | None = None) -> bool:
    """Creates the registry table when missing (local stack, tests). True when created."""
    bind(config)
    if RegistryItem.exists():
        return False
    RegistryItem.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
    return True


class DynamoRegistry:
    def __init__(self) -> None:
        bind()

    def version(self, domain: str) -> int:
        try:
            return int(RegistryItem.get(domain, VERSION, consistent_read=True).version or 0)
        except RegistryItem.DoesNotExist:
            return 0

    def entries(self, domain: str) -> list[RegistryEntry]:
        items = RegistryItem.query(domain, RegistryItem.sk.startswith(ENTRY), consistent_read=True)
        return [_entry(i) for i in items]

    def get(self, domain: str, key: str) -> RegistryEntry | None:
        try:
            return _entry(RegistryItem.get(domain, ENTRY + key, consistent_read=True))
        except RegistryItem.DoesNotExist:
            return None

    def put(self, domain: str, entry: RegistryEntry, only_new: bool = False) -> bool:
        """Writes the entry; with `only_new`, False (nothing written) when its range is registered already."""
        item = _item(domain, entry)
        try:
            item.save(condition=RegistryItem.sk.does_not_exist() if only_new else None)
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def delete(self, domain: str, key: str) -> bool:
        try:
            RegistryItem(domain, ENTRY + key).delete(condition=RegistryItem.sk.exists())
        except DeleteError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def put_many(self, domain: str, entries: Iterable[RegistryEntry], delete: Iterable[str] = ()) -> None:
        with RegistryItem.batch_write() as batch:
            for entry in entries:
                batch.save(_item(domain, entry))
            for key in delete:
                batch.delete(RegistryItem(domain, ENTRY + key))

    def bump(self, domain: str) -> int:
        item = RegistryItem(domain, VERSION)
        item.update(actions=[RegistryItem.version.add(1)])
        return int(item.version or 0)


def _item(domain: str, entry: RegistryEntry) -> RegistryItem:
    return RegistryItem(domain, ENTRY + entry.key, tag=entry.tag, comment=entry.comment or None)


def _entry(item: RegistryItem) -> RegistryEntry:
    return make_entry(item.sk[len(ENTRY):], item.tag or "", item.comment or "")
