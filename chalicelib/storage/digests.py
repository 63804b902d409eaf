"""Portfolio digests in the rollups table, beside the day summaries: per domain one item in the partition
"<domain>|dig" (sort key "digest") holding the domain's digest (chalicelib.analysis.portfolio_digest) as packed
columns (storage.summarycodec's layout: a JSON header with the distinct policies, then one integer column per
field), its coverage, its version, the open alert count, and apart the pending reports (JSON, zlib'd), which
only writers read.

Writers change the days with one UpdateItem conditional on the version they read (so two writers never lose
each other's days); the open alert count is set apart, without the condition, and never touched by the day
writes. Readers get 200 domains' digests with two BatchGetItem requests."""
from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from pynamodb.attributes import BinaryAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.analysis.portfolio_digest import SUMS, Digest, Pending
from chalicelib.settings import DEFAULTS, TABLE_ROLLUPS
from chalicelib.storage.binding import bind_model
from chalicelib.storage.summarycodec import pack_columns, unpack_columns

PARTITION, SORT = "|dig", "digest"
READ = ["domain", "sk", "days", "since", "until", "alerts", "version"]
LAYOUT = 1  # the header's "f": the columns below, in this order


class DigestItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ROLLUPS]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)  # "<domain>|dig"
    sk = UnicodeAttribute(range_key=True)  # SORT
    days = BinaryAttribute(null=True, legacy_encoding=False)
    since = UnicodeAttribute(null=True)  # YYYY-MM-DD
    until = UnicodeAttribute(null=True)
    alerts = NumberAttribute(null=True)  # open alerts
    version = NumberAttribute(null=True)
    pending = BinaryAttribute(null=True, legacy_encoding=False)  # read by writers only


def encode(d: Digest) -> bytes:
    return pack_columns({"f": LAYOUT, "pol": [list(p) for p in d.policies]},
                        [d.day, *d.sums, d.group_day, d.group_offset, d.group_policy, d.group_reports])


def decode(blob: bytes | None, since: str | None, until: str | None, alerts: int | None, version: int,
           pending: tuple[Pending, ...] = ()) -> Digest:
    if blob is None:
        return Digest(since=_day(since), until=_day(until), open_alerts=alerts, version=version, pending=pending)
    header, c = unpack_columns(blob)
    if header.get("f") != LAYOUT:
        raise ValueError(f"unknown portfolio digest layout {header.get('f')!r}")
    group_day, group_offset, group_policy, group_reports = c[1 + SUMS:]
    return Digest(c[0], c[1:1 + SUMS], group_day, group_offset, group_policy, group_reports,
                  [tuple(p) for p in header["pol"]], _day(since), _day(until), alerts, version, pending)


def encode_pending(pending: Sequence[Pending]) -> bytes | None:
    rows = [[p.reporter, p.report_id, p.begin.timestamp(), None if p.end is None else p.end.timestamp(),
             None if p.policy is None else list(p.policy), p.at] for p in pending]
    return zlib.compress(json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode(), 6) if rows else None


def decode_pending(blob: bytes | None) -> tuple[Pending, ...]:
    rows = json.loads(zlib.decompress(blob)) if blob else []
    return tuple(Pending(reporter, report_id, _time(begin), None if end is None else _time(end),
                         None if policy is None else tuple(policy), at)
                 for reporter, report_id, begin, end, policy, at in rows)


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


class DynamoDigests:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(DigestItem, table_name)

    def read(self, domains: Sequence[str]) -> dict[str, Digest]:
        """Without the pending reports (readers need none)."""
        keys = [(d + PARTITION, SORT) for d in domains]
        found = self._items.batch_get(keys, attributes_to_get=READ) if keys else ()
        return {i.domain[:-len(PARTITION)]: _digest(i) for i in found}

    def get(self, domain: str) -> Digest | None:
        try:
            item = self._items.get(domain + PARTITION, SORT, consistent_read=True)
        except self._items.DoesNotExist:
            return None
        return replace(_digest(item), pending=decode_pending(item.pending))

    def write(self, domain: str, digest: Digest) -> bool:
        items = self._items
        actions: list[Action] = [items.days.set(encode(digest)), items.version.set(digest.version + 1)]
        for attribute, value in ((items.since, digest.since), (items.until, digest.until)):
            actions.append(attribute.remove() if value is None else attribute.set(value.isoformat()))
        pending = encode_pending(digest.pending)
        actions.append(items.pending.remove() if pending is None else items.pending.set(pending))
        condition = items.version.does_not_exist() if digest.version == 0 else items.version == digest.version
        try:
            items(domain + PARTITION, SORT).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def set_open_alerts(self, domain: str, count: int) -> None:
        self._items(domain + PARTITION, SORT).update(actions=[self._items.alerts.set(count)])


def _digest(item: DigestItem) -> Digest:
    return decode(item.days, item.since, item.until, None if item.alerts is None else int(item.alerts),
                  int(item.version or 0))
