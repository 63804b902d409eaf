"""In-memory fake of the DaySummaries port (chalicelib.ports.analyses), with the same contract test as
chalicelib.storage.summaries."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from chalicelib.adapters.ranges import checked
from chalicelib.analysis.summary import DaySummary
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import TaggedDay
from chalicelib.ports.analyses import StoredMonth, StoredSummary


class MemorySummaries:
    def __init__(self) -> None:
        self.days_of: dict[tuple[str, date], StoredSummary] = {}
        self.completed: set[str] = set()
        self.months_of: dict[tuple[str, date], StoredMonth] = {}

    def put_summary(self, domain: str, day: date, version: int, summary: DaySummary) -> bool:
        found = self.days_of.get((domain, day))
        if found is not None and found.version >= version:
            return False
        self.days_of[domain, day] = StoredSummary(version, summary, None)
        month = self.months_of.get((domain, day.replace(day=1)), StoredMonth(0))
        self.months_of[domain, day.replace(day=1)] = replace(month, changes=month.changes + 1)
        return True

    def put_tagged(self, domain: str, tagged: Mapping[date, tuple[int, TaggedDay]]) -> None:
        for day, (version, part) in tagged.items():
            found = self.days_of.get((domain, day))
            if found is not None and found.version == version:
                self.days_of[domain, day] = replace(found, tagged=part)

    def mark_complete(self, domain: str) -> None:
        self.completed.add(domain)

    def complete(self, domain: str) -> bool:
        return domain in self.completed

    def versions(self, domain: str, start: date, end: date) -> dict[date, tuple[int, int | None]]:
        return {day: (s.version, s.tagged.registry if s.tagged else None)
                for day, s in self.summaries(domain, start, end).items()}

    def summaries(self, domain: str, start: date, end: date) -> dict[date, StoredSummary]:
        checked(start, end)
        return {day: _light(s) for (d, day), s in sorted(self.days_of.items()) if d == domain and start <= day <= end}

    def summaries_of(self, domain: str, days: Iterable[date], consistent: bool = False) -> dict[date, StoredSummary]:
        return {day: _light(self.days_of[domain, day]) for day in days if (domain, day) in self.days_of}

    def with_sources(self, domain: str, found: Mapping[date, StoredSummary]) -> dict[date, DaySummary]:
        out = {}
        for day, s in found.items():
            held = self.days_of.get((domain, day))
            if held is not None and held.version == s.version and held.summary is not None:
                out[day] = held.summary
        return out


    def months(self, domain: str, first: date, last: date, parts: bool) -> dict[date, StoredMonth]:
        checked(first, last)
        return {m: s if parts else replace(s, part=None)
                for (d, m), s in sorted(self.months_of.items()) if d == domain and first <= m <= last}

    def month_parts(self, domain: str, months: Iterable[date]) -> dict[date, StoredMonth]:
        return {m: self.months_of[domain, m] for m in months if (domain, m) in self.months_of}

    def put_month(self, domain: str, month: date, changes: int, registry: int | None, part: SummedDay) -> bool:
        found = self.months_of.get((domain, month), StoredMonth(0))
        if found.changes != changes or (registry is None and found.made == changes):
            return False
        self.months_of[domain, month] = StoredMonth(changes, changes, registry, part)
        return True


def _light(s: StoredSummary) -> StoredSummary:
    return replace(s, summary=s.summary.without_sources()) if s.summary is not None else s
