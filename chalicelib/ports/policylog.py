"""The policy log's port: per (domain, UTC day) the policy of every counted report that begins on that day, so
that Policies.seen reads one small item a day instead of two items a report. An entry is one report
(chalicelib.ports.analyses.ReportedPolicy), known by (reporter, report id); a day's entries are kept in report
order (`report_order`). `merged_day` is what a change does to a day, for every adapter.

Per calendar month the log keeps a count of its day changes and the month's policy sums
(chalicelib.analysis.policy_sums) with the count they were made at: sums made at the month's current count are
fresh, so a year's current published policy is read from twelve items instead of 365."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from chalicelib.analysis.policy_sums import PolicySums
from chalicelib.ports.analyses import ReportedPolicy

EntryKey = tuple[str, str]  # (reporter, report id): one report of the domain


def report_order(entry: ReportedPolicy) -> tuple[datetime, str, str]:
    """Policies.seen's order: by the period's begin, then reporter and report id (begins are often equal)."""
    return entry.begin, entry.reporter, entry.report_id


def entry_key(entry: ReportedPolicy) -> EntryKey:
    return entry.reporter, entry.report_id


def log_day(begin: datetime) -> date:
    """The day of the log an entry is kept under: the UTC day its report's period begins on (Policies.seen's
    range is the reports beginning in it)."""
    return begin.astimezone(UTC).date()


def merged_day(entries: Sequence[ReportedPolicy], put: Sequence[ReportedPolicy],
               drop: Collection[EntryKey]) -> list[ReportedPolicy] | None:
    """The day's entries without the reports in `drop`, with `put` added (each replacing the entry of the same
    report), in report order; None when that is what the day holds already."""
    kept = {entry_key(e): e for e in entries}
    for key in drop:
        kept.pop(key, None)
    for entry in put:
        kept[entry_key(entry)] = entry
    after = sorted(kept.values(), key=report_order)
    return None if after == list(entries) else after


@dataclass(frozen=True, slots=True)
class StoredPolicyMonth:
    changes: int  # the month's day changes so far
    made: int | None = None  # the changes `sums` were made at (None: no sums kept)
    sums: PolicySums | None = None

    @property
    def fresh(self) -> PolicySums | None:
        return self.sums if self.made == self.changes else None


class PolicyLog(Protocol):
    def change(self, domain: str, day: date, put: Sequence[ReportedPolicy] = (),
               drop: Collection[EntryKey] = ()) -> bool:
        """Applies `merged_day` to the day (every `put` entry begins on `day`) without losing a concurrent
        change of the same day, then counts a change of its month (also when the day held that already, so the
        retry of a change stopped between its two writes counts it); True when the day changed."""
        ...

    def entries(self, domain: str, start: date, end: date, consistent: bool = False) -> list[ReportedPolicy]:
        """The entries of the days start..end, in report order (`consistent`: reads see every change made)."""
        ...

    def months(self, domain: str, first: date, last: date) -> dict[date, StoredPolicyMonth]:
        """The months (by first day) from first to last that have a change count or sums."""
        ...

    def put_month(self, domain: str, month: date, changes: int, sums: PolicySums) -> bool:
        """Keeps the month's sums made at `changes` unless its count moved on since; True when kept."""
        ...

    def mark_complete(self, domain: str) -> None:
        """Every counted report of the domain stored before the log existed is in it (the backfill ran)."""
        ...

    def complete(self, domain: str) -> bool: ...
