"""Day summaries in the rollups table, beside the day rollups: per (domain, day) one small item in the partition
"<domain>|day" (the rollup version it summarizes, the summary every analysis reads, and the registry part with the
registry version it was made for) and one in "<domain>|src" (the source keys, read only to make the registry part
again and for the spoofing details). The item "<domain>|day" / "#complete" says every rollup of the domain has its
summary (written by the backfill of days stored before summaries existed; from then on every rollup write
writes its summary).

A summary write is conditional on a newer rollup version than the stored one (the rollup write came first, so a
late writer never replaces a newer summary); the registry part's write is conditional on the rollup version it
was made from, and made only when it fits in the item beside the summary (whose size this adapter learnt when it
wrote or read it; a part not kept is made again when the day is read)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import date

from pynamodb.attributes import BinaryAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.models import Model

from chalicelib.analysis.summary import DaySummary
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import TaggedDay
from chalicelib.ports.analyses import StoredMonth, StoredSummary
from chalicelib.settings import DEFAULTS, TABLE_ROLLUPS
from chalicelib.storage import summarycodec
from chalicelib.storage.binding import bind_model

DAY, SOURCES, MONTHS, COMPLETE = "|day", "|src", "|mon", "#complete"
PART_MAX = 350_000  # bytes of an encoded summary part kept in an item (DynamoDB's limit is 400 KB an item)
ITEM_MAX = 400 * 1024 - 4096  # bytes of a summary and its registry part together (the rest: keys, names, numbers)
SIZES_KEPT = 100_000  # summary sizes remembered (for the registry parts made after reading them)


class SummaryItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ROLLUPS]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)  # "<domain>|day" or "<domain>|src"
    sk = UnicodeAttribute(range_key=True)  # YYYY-MM-DD (or COMPLETE)
    rollup = NumberAttribute(default=0)  # the version of the rollup summarized
    summary = BinaryAttribute(null=True, legacy_encoding=False)
    registry = NumberAttribute(null=True)  # the registry version `tagged` was made with
    tagged = BinaryAttribute(null=True, legacy_encoding=False)


class MonthItem(Model):
    """A calendar month: "<domain>|mon" / YYYY-MM-01. `changes` counts its day summary writes; the part (summary,
    tagged, daily: storage.summarycodec.encode_month) was made when it had `made` of them; a part the overview
    made has no `tagged` nor `registry`."""
    class Meta:
        table_name = DEFAULTS[TABLE_ROLLUPS]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    changes = NumberAttribute(null=True)
    made = NumberAttribute(null=True)
    registry = NumberAttribute(null=True)
    summary = BinaryAttribute(null=True, legacy_encoding=False)
    tagged = BinaryAttribute(null=True, legacy_encoding=False)
    daily = BinaryAttribute(null=True, legacy_encoding=False)


def _conflict(exc: PutError | UpdateError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


def _too_large(exc: UpdateError) -> bool:
    """DynamoDB refused the write for the item's size (400 KB)."""
    return exc.cause_response_code == "ValidationException" and "size" in (exc.cause_response_message or "")


class DynamoSummaries:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(SummaryItem, table_name)
        self._months = bind_model(MonthItem, table_name)
        self._sizes: OrderedDict[tuple[str, date, int], int] = OrderedDict()  # summary bytes of the items read
        self._lock = threading.Lock()  # the portfolio reads from several threads

    # --- writes -------------------------------------------------------------------------------------------
    def put_summary(self, domain: str, day: date, version: int, summary: DaySummary) -> bool:
        """Stores the summary of the day's rollup at `version` unless a newer one is stored; True when written."""
        head, sources = summarycodec.encode_summary(summary)
        if max(len(head), len(sources)) > PART_MAX:  # a day this large is summarized from its facts when read
            head = sources = b""
        newer = self._items.rollup < version
        try:  # sources first: a reader takes them only with a head of the same version
            self._items(domain + SOURCES, day.isoformat(), rollup=version, summary=sources or None).save(
                condition=self._items.sk.does_not_exist() | newer)
            self._items(domain + DAY, day.isoformat(), rollup=version, summary=head or None).save(
                condition=self._items.sk.does_not_exist() | newer)
        except PutError as exc:
            if not _conflict(exc):
                raise
            return False
        self._months(domain + MONTHS, day.replace(day=1).isoformat()).update(actions=[self._months.changes.add(1)])
        if head:
            self._sized(domain, day, version, len(head))
        return True

    def put_tagged(self, domain: str, tagged: Mapping[date, tuple[int, TaggedDay]]) -> None:
        """The registry parts of the given days, each kept only if its summary is still at that rollup version and
        the part fits in the item beside it (its size known from this adapter's read of it); a part not kept is
        made again when the day is read."""
        for day, (version, part) in tagged.items():
            item = self._items(domain + DAY, day.isoformat())
            blob = summarycodec.encode_tagged(part)
            with self._lock:
                held = self._sizes.get((domain, day, version), ITEM_MAX)
            if held + len(blob) > ITEM_MAX:
                continue
            try:
                item.update(actions=[self._items.registry.set(part.registry), self._items.tagged.set(blob)],
                            condition=(self._items.rollup == version) & self._items.summary.exists())
            except UpdateError as exc:  # the store's own size check, for a summary this adapter did not read
                if not (_conflict(exc) or _too_large(exc)):
                    raise

    def mark_complete(self, domain: str) -> None:
        self._items(domain + DAY, COMPLETE).save()

    # --- reads --------------------------------------------------------------------------------------------
    def complete(self, domain: str) -> bool:
        try:
            self._items.get(domain + DAY, COMPLETE, attributes_to_get=["domain"])
        except self._items.DoesNotExist:
            return False
        return True

    def versions(self, domain: str, start: date, end: date) -> dict[date, tuple[int, int | None]]:
        """{day: (rollup version, registry version of its registry part or None)}: no summary read."""
        items = self._items.query(domain + DAY, self._items.sk.between(start.isoformat(), end.isoformat()),
                                  attributes_to_get=["domain", "sk", "rollup", "registry"])
        return {date.fromisoformat(i.sk): (int(i.rollup), None if i.registry is None else int(i.registry))
                for i in items}

    def summaries(self, domain: str, start: date, end: date) -> dict[date, StoredSummary]:
        """The summaries of the days start..end that have one (without their sources): one query."""
        items = self._items.query(domain + DAY, self._items.sk.between(start.isoformat(), end.isoformat()))
        return {date.fromisoformat(i.sk): self._stored(domain, i) for i in items}

    def summaries_of(self, domain: str, days: Iterable[date], consistent: bool = False) -> dict[date, StoredSummary]:
        keys = [(domain + DAY, d.isoformat()) for d in days]
        if not keys:
            return {}
        return {date.fromisoformat(i.sk): self._stored(domain, i)
                for i in self._items.batch_get(keys, consistent_read=consistent)}

    def with_sources(self, domain: str, found: Mapping[date, StoredSummary]) -> dict[date, DaySummary]:
        """The given summaries with their sources (those whose sources are at the same rollup version)."""
        wanted = [(domain + SOURCES, d.isoformat()) for d, s in found.items()
                  if s.summary is not None and not s.summary.has_sources]
        out = {d: s.summary for d, s in found.items() if s.summary is not None and s.summary.has_sources}
        for item in self._items.batch_get(wanted) if wanted else ():
            day = date.fromisoformat(item.sk)
            summary = found[day].summary
            if item.summary is not None and summary is not None and int(item.rollup) == found[day].version:
                out[day] = summarycodec.with_sources(summary, item.summary)
        return out

    def _stored(self, domain: str, item: SummaryItem) -> StoredSummary:
        if item.summary is None:
            return StoredSummary(int(item.rollup), None, None)
        self._sized(domain, date.fromisoformat(item.sk), int(item.rollup), len(item.summary))
        tagged = summarycodec.decode_tagged(item.tagged) if item.tagged is not None else None
        return StoredSummary(int(item.rollup), summarycodec.decode_summary(item.summary), tagged)

    def _sized(self, domain: str, day: date, version: int, size: int) -> None:
        with self._lock:
            self._sizes[domain, day, version] = size
            self._sizes.move_to_end((domain, day, version))
            while len(self._sizes) > SIZES_KEPT:
                self._sizes.popitem(last=False)

    # --- months ---------------------------------------------------------------------------------------------
    def months(self, domain: str, first: date, last: date, parts: bool) -> dict[date, StoredMonth]:
        wanted = None if parts else ["domain", "sk", "changes", "made", "registry"]
        items = self._months.query(domain + MONTHS, self._months.sk.between(first.isoformat(), last.isoformat()),
                                   attributes_to_get=wanted)
        return {date.fromisoformat(i.sk): _month(i) for i in items}

    def month_parts(self, domain: str, months: Iterable[date]) -> dict[date, StoredMonth]:
        keys = [(domain + MONTHS, m.isoformat()) for m in months]
        return {date.fromisoformat(i.sk): _month(i) for i in self._months.batch_get(keys)} if keys else {}

    def put_month(self, domain: str, month: date, changes: int, registry: int | None, part: SummedDay) -> bool:
        summary, tagged, daily = summarycodec.encode_month(part)
        if len(summary) + len(tagged or b"") + len(daily) > PART_MAX:  # such a month is summed from its days
            return False
        unchanged = self._months.changes == changes
        if not changes:
            unchanged = unchanged | self._months.changes.does_not_exist()
        if registry is None:  # the overview's part: never over one made at the same count (it may have its tags)
            unchanged = unchanged & (self._months.made.does_not_exist() | (self._months.made != changes))
        item = self._months(domain + MONTHS, month.isoformat())
        with_tags = [self._months.registry.set(registry), self._months.tagged.set(tagged)] if tagged is not None \
            and registry is not None else [self._months.registry.remove(), self._months.tagged.remove()]
        try:
            item.update(actions=[self._months.made.set(changes), self._months.summary.set(summary),
                                 self._months.daily.set(daily), *with_tags], condition=unchanged)
        except UpdateError as exc:
            if not _conflict(exc):
                raise
            return False
        return True


def _month(item: MonthItem) -> StoredMonth:
    part = None
    if item.summary is not None and item.daily is not None:
        part = summarycodec.decode_month(item.summary, item.tagged, item.daily)
    return StoredMonth(int(item.changes or 0), None if item.made is None else int(item.made),
                       None if item.registry is None else int(item.registry), part)
