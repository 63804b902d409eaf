"""The posture table (ALIGNED_TABLE_POSTURE): SMTP TLS reports and DNS posture checks, items keyed (pk, sk).
- TLS report part: pk "tls#<domain>", sk "<begin ISO>#<key>"; `key` (domain | reporter | id) is also the hash
  key of the sparse `by-key` index, so a report is found by key in one query. Reads of a period are one query.
- DNS check: pk "dns#<domain>", sk "latest" (the last check) or "history#<at ISO>" (one per change)."""
from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from pynamodb.attributes import BinaryAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.ports.ingest import Status
from chalicelib.ports.tls import StoredTls
from chalicelib.posture import codec as posture_codec
from chalicelib.posture.model import PostureCheck, RecordChange
from chalicelib.provenance import Provenance, Trust
from chalicelib.settings import DEFAULTS, TABLE_POSTURE
from chalicelib.storage import tlscodec
from chalicelib.storage.binding import bind_model


class _Meta:
    billing_mode = "PAY_PER_REQUEST"


class ByKey(GlobalSecondaryIndex["PostureItem"]):
    class Meta(_Meta):
        index_name = "by-key"
        projection = AllProjection()

    key = UnicodeAttribute(hash_key=True)


class PostureItem(Model):
    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_POSTURE]

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    key = UnicodeAttribute(null=True)  # TLS items: the report key (the by-key index)
    raw_key = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    trust = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    from_domain = UnicodeAttribute(null=True)
    content = UnicodeAttribute(null=True)
    body = BinaryAttribute(null=True, legacy_encoding=False)  # tlscodec bytes, or the DNS check's JSON (zlib)
    at = UTCDateTimeAttribute(null=True)
    by_key = ByKey()


class DynamoTlsReports:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(PostureItem, table_name)

    def get(self, key: str) -> StoredTls | None:
        for item in self._items.by_key.query(key, limit=1):
            return _stored(self._items.get(item.pk, item.sk, consistent_read=True))
        return None

    def put(self, stored: StoredTls, new: bool) -> bool:
        existing = None if new else self._find(stored.key)
        if existing is not None and existing.sk != _sk(stored):
            existing.delete()  # the stored copy began at another time: its item moves
        item = self._items(f"tls#{stored.domain}", _sk(stored), key=stored.key, raw_key=stored.raw_key,
                           status=stored.status.value, trust=stored.provenance.trust.value,
                           reason=stored.provenance.reason, from_domain=stored.provenance.from_domain,
                           content=stored.content, body=tlscodec.encode(stored.report), at=datetime.now(UTC))
        if not new:
            item.save()
            return True
        if self.get(stored.key) is not None:  # the index is eventually consistent: checked, then guarded
            return False
        try:
            item.save(condition=self._items.pk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None:
        found = self.get(key)
        if found is not None:
            self.put(replace(found, status=status, provenance=provenance or found.provenance), new=False)

    def by_domain(self, domain: str, start: date, end: date) -> list[StoredTls]:
        low = datetime.combine(start, time(), UTC).isoformat()
        high = datetime.combine(end, time(23, 59, 59), UTC).isoformat() + "~"
        items = self._items.query(f"tls#{domain}", self._items.sk.between(low, high))
        return [_stored(i) for i in items]

    def _find(self, key: str) -> PostureItem | None:
        for item in self._items.by_key.query(key, limit=1):
            return item
        return None


def _sk(stored: StoredTls) -> str:
    return f"{stored.begin.astimezone(UTC).isoformat()}#{stored.key}"


def _stored(item: PostureItem) -> StoredTls:
    provenance = Provenance(Trust(item.trust or "operator"), item.reason or "", item.from_domain)
    return StoredTls(item.key or "", item.pk.split("#", 1)[1], tlscodec.decode(item.body or b""), item.raw_key or "",
                     Status(item.status or "applied"), provenance, item.content)


class DynamoPostureStore:
    """DNS posture checks: "latest" per domain and one "change#<at>#<n>" item per record change."""

    def __init__(self, table_name: str) -> None:
        self._items = bind_model(PostureItem, table_name)

    def latest(self, domain: str) -> PostureCheck | None:
        try:
            item = self._items.get(f"dns#{domain}", "latest", consistent_read=True)
        except self._items.DoesNotExist:
            return None
        return posture_codec.check_from(_unpack(item.body))

    def save(self, check: PostureCheck, changes: tuple[RecordChange, ...]) -> None:
        pk = f"dns#{check.domain}"
        for n, change in enumerate(changes):
            self._items(pk, f"change#{change.at.isoformat()}#{n:03d}", at=change.at,
                        body=_pack(posture_codec.change_dict(change))).save()
        self._items(pk, "latest", at=check.at, body=_pack(posture_codec.check_dict(check))).save()

    def history(self, domain: str, limit: int = 50) -> list[RecordChange]:
        items = self._items.query(f"dns#{domain}", self._items.sk.startswith("change#"), scan_index_forward=False,
                                  limit=limit)
        return [posture_codec.change_from(_unpack(i.body)) for i in items]


def _pack(doc: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode())


def _unpack(data: bytes | None) -> dict[str, Any]:
    return json.loads(zlib.decompress(data or b""))  # type: ignore[no-any-return]
