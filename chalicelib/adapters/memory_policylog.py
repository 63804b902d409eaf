"""In-memory fake of the PolicyLog port (chalicelib.ports.policylog), with the same contract test as
chalicelib.storage.policylog."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from chalicelib.adapters.ranges import checked
from chalicelib.analysis.policy_sums import PolicySums
from chalicelib.ports.analyses import ReportedPolicy
from chalicelib.ports.policylog import EntryKey, StoredPolicyMonth, log_day, merged_day


class MemoryPolicyLog:
    def __init__(self) -> None:
        self.days_of: dict[tuple[str, date], list[ReportedPolicy]] = {}
        self.completed: set[str] = set()
        self.months_of: dict[tuple[str, date], StoredPolicyMonth] = {}
        self.writes = 0  # changes written (tests count them)

    def change(self, domain: str, day: date, put: Sequence[ReportedPolicy] = (),
               drop: Collection[EntryKey] = ()) -> bool:
        if any(log_day(e.begin) != day for e in put):
            raise ValueError(f"{domain}: an entry put on {day} begins on another day")
        after = merged_day(self.days_of.get((domain, day), []), put, drop)
        if after is not None:
            self.days_of[domain, day] = after
            self.writes += 1
        month = (domain, day.replace(day=1))
        was = self.months_of.get(month, StoredPolicyMonth(0))
        self.months_of[month] = StoredPolicyMonth(was.changes + 1, was.made, was.sums)
        return after is not None

    def entries(self, domain: str, start: date, end: date, consistent: bool = False) -> list[ReportedPolicy]:
        checked(start, end)
        return [e for (d, day), found in sorted(self.days_of.items()) if d == domain and start <= day <= end
                for e in found]

    def months(self, domain: str, first: date, last: date) -> dict[date, StoredPolicyMonth]:
        checked(first, last)
        return {month: m for (d, month), m in sorted(self.months_of.items()) if d == domain and first <= month <= last}

    def put_month(self, domain: str, month: date, changes: int, sums: PolicySums) -> bool:
        if self.months_of.get((domain, month), StoredPolicyMonth(0)).changes != changes:
            return False
        self.months_of[domain, month] = StoredPolicyMonth(changes, changes, sums)
        return True

    def mark_complete(self, domain: str) -> None:
        self.completed.add(domain)

    def complete(self, domain: str) -> bool:
        return domain in self.completed
