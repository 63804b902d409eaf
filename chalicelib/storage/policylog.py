"""The policy log in the rollups table (chalicelib.ports.policylog): per (domain, UTC day) one item in the
partition "<domain>|pol" holding the day's entries (chalicelib.storage.policycodec) and a version. A change reads
the day's item and writes it back on the condition that its version is still the one read (pynamodb's
VersionAttribute), trying again when another change came in between: concurrent ingests of one day's reports
never lose an entry. A day whose last entry is dropped keeps an item without entries. The item
"<domain>|pol" / "#complete" says the backfill of reports stored before the log existed ran for the domain
("#" sorts before any day, so no range of days reads it).

Per calendar month, "<domain>|polm" / YYYY-MM-01 counts the month's day changes (`changes`, added to after each
change: a stop between the two writes is repaired by the retry, which counts again) and keeps the month's policy
sums (`sums`, chalicelib.storage.policycodec.encode_sums) with the count they were made at (`made`), written only
while the count is still the one read before the days were."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from pynamodb.attributes import BinaryAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.models import Model

from chalicelib.analysis.policy_sums import PolicySums
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.policylog import EntryKey, StoredPolicyMonth, log_day, merged_day
from chalicelib.settings import DEFAULTS, TABLE_ROLLUPS
from chalicelib.storage import policycodec
from chalicelib.storage.binding import bind_model

POLICIES, MONTHS, COMPLETE = "|pol", "|polm", "#complete"
MAX_ATTEMPTS = 100
SUMS_MAX = 300_000  # bytes: a month whose sums are larger (thousands of distinct policies) is read as days


class ConflictError(RuntimeError):
    """A day of the log kept changing: MAX_ATTEMPTS conditional writes lost in a row."""


class PolicyLogItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ROLLUPS]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)  # "<domain>|pol"
    sk = UnicodeAttribute(range_key=True)  # YYYY-MM-DD (or COMPLETE)
    entries = BinaryAttribute(null=True, legacy_encoding=False)
    version = VersionAttribute()


class PolicyMonthItem(Model):
    class Meta:
        table_name = DEFAULTS[TABLE_ROLLUPS]
        billing_mode = "PAY_PER_REQUEST"

    domain = UnicodeAttribute(hash_key=True)  # "<domain>|polm"
    sk = UnicodeAttribute(range_key=True)  # the month's first day
    changes = NumberAttribute(null=True)
    made = NumberAttribute(null=True)
    sums = BinaryAttribute(null=True, legacy_encoding=False)


def _conflict(exc: PutError | UpdateError) -> bool:
    return exc.cause_response_code == "ConditionalCheckFailedException"


class DynamoPolicyLog:
    def __init__(self, table_name: str) -> None:
        self._items = bind_model(PolicyLogItem, table_name)
        self._months = bind_model(PolicyMonthItem, table_name)

    def change(self, domain: str, day: date, put: Sequence[ReportedPolicy] = (),
               drop: Collection[EntryKey] = ()) -> bool:
        if any(log_day(e.begin) != day for e in put):
            raise ValueError(f"{domain}: an entry put on {day} begins on another day")
        changed = self._changed(domain, day, put, drop)
        self._months(domain + MONTHS, day.replace(day=1).isoformat()).update(actions=[self._months.changes.add(1)])
        return changed

    def _changed(self, domain: str, day: date, put: Sequence[ReportedPolicy], drop: Collection[EntryKey]) -> bool:
        for _ in range(MAX_ATTEMPTS):
            item = self._day(domain, day)
            current = policycodec.decode(item.entries, domain, day) if item is not None and item.entries else []
            after = merged_day(current, put, drop)
            if after is None:
                return False
            item = item or self._items(domain + POLICIES, day.isoformat())
            item.entries = policycodec.encode(domain, day, after) if after else None
            try:
                item.save()  # conditional on the version read (or on no item, when there was none)
            except PutError as exc:
                if not _conflict(exc):
                    raise
                continue
            return True
        raise ConflictError(f"{domain} {day}: {MAX_ATTEMPTS} policy log changes lost in a row")

    def entries(self, domain: str, start: date, end: date, consistent: bool = False) -> list[ReportedPolicy]:
        out: list[ReportedPolicy] = []
        for item in self._items.query(domain + POLICIES, self._items.sk.between(start.isoformat(), end.isoformat()),
                                      consistent_read=consistent):
            if item.entries:
                out.extend(policycodec.decode(item.entries, domain, date.fromisoformat(item.sk)))
        return out

    def months(self, domain: str, first: date, last: date) -> dict[date, StoredPolicyMonth]:
        found = self._months.query(domain + MONTHS, self._months.sk.between(first.isoformat(), last.isoformat()),
                                   consistent_read=True)  # a dozen small items: sums are never taken as fresh late
        return {date.fromisoformat(i.sk): StoredPolicyMonth(
            int(i.changes or 0), None if i.made is None else int(i.made),
            None if i.sums is None else policycodec.decode_sums(i.sums, domain)) for i in found}

    def put_month(self, domain: str, month: date, changes: int, sums: PolicySums) -> bool:
        blob = policycodec.encode_sums(domain, sums)
        if len(blob) > SUMS_MAX:
            return False
        unchanged = self._months.changes == changes
        if not changes:
            unchanged = unchanged | self._months.changes.does_not_exist()
        try:
            self._months(domain + MONTHS, month.isoformat()).update(
                actions=[self._months.made.set(changes), self._months.sums.set(blob)], condition=unchanged)
        except UpdateError as exc:
            if not _conflict(exc):
                raise
            return False
        return True

    def mark_complete(self, domain: str) -> None:
        try:
            self._items(domain + POLICIES, COMPLETE).save()
        except PutError as exc:  # marked already
            if not _conflict(exc):
                raise

    def complete(self, domain: str) -> bool:
        try:
            self._items.get(domain + POLICIES, COMPLETE, attributes_to_get=["domain"])
        except self._items.DoesNotExist:
            return False
        return True

    def _day(self, domain: str, day: date) -> PolicyLogItem | None:
        try:
            return self._items.get(domain + POLICIES, day.isoformat(), consistent_read=True)
        except self._items.DoesNotExist:
            return None
