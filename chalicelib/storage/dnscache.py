"""The shared reverse-DNS cache (ALIGNED_TABLE_DNS_CACHE): one item per source address, its confirmed name
("" = none) and a DynamoDB TTL, so DynamoDB removes it after about 30 days. Reads filter expired items too
(DynamoDB deletes them only eventually)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.settings import DEFAULTS, TABLE_DNS_CACHE
from chalicelib.storage.binding import bind_model


class DnsNameItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_DNS_CACHE]
        billing_mode = "PAY_PER_REQUEST"

    address = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(default="")
    expires = TTLAttribute()


class DynamoNameCache:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(DnsNameItem, table_name)

    def get_many(self, addresses: Iterable[str], now: datetime) -> dict[str, str]:
        keys = sorted(set(addresses))
        out: dict[str, str] = {}
        for start in range(0, len(keys), 100):
            for item in self._items.batch_get(keys[start:start + 100]):
                if item.expires > now:
                    out[item.address] = item.name or ""
        return out

    def put_many(self, names: Mapping[str, str], expires: datetime) -> None:
        with self._items.batch_write() as batch:
            for address, name in names.items():
                batch.save(self._items(address, name=name, expires=expires))
