"""The policy log's port: per (domain, UTC day) the policy of every counted report that begins on that day, so
that Policies.seen reads one small item a day instead of two items a report. An entry is one report
(chalicelib.ports.analyses.ReportedPolicy), known by (reporter, report id); a day's entries are kept in report
order (`report_order`). `merged_day` is what a change does to a day, for every adapter."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Protocol

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


class PolicyLog(Protocol):
    def change(self, domain: str, day: date, put: Sequence[ReportedPolicy] = (),
               drop: Collection[EntryKey] = ()) -> bool:
        """Applies `merged_day` to the day (every `put` entry begins on `day`) without losing a concurrent
        change of the same day; True when the day changed."""
        ...

    def entries(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """The entries of the days start..end, in report order."""
        ...

    def mark_complete(self, domain: str) -> None:
        """Every counted report of the domain stored before the log existed is in it (the backfill ran)."""
        ...

    def complete(self, domain: str) -> bool: ...
