"""Reading day summaries for the analyses: the days of a range with their registry part for the current registry
version, made again (from the day's source keys, no facts) for days read after a registry edit and stored back,
so an edit costs each day one remake on its first read after it, never a rewrite of every day at once.

Days stored before summaries existed are summarized on the domain's first read (the backfill: only days whose
summary is missing or behind their rollup, then the domain is marked complete); `cli summaries` runs the same
ahead of time. A day whose summary is too large to store is summarized from its facts when read.

Read summaries are kept in Lambda memory per (domain, day, rollup version), so a warm call reads the versions of
the range (one small item per day) and only the days that changed."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from chalicelib.analysis.months import gaps, merge_days, month_end, month_of, months_touched
from chalicelib.analysis.summary import DaySummary, summarize
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import tag_day
from chalicelib.ports.analyses import DayFacts, DaySummaries, Matchers, StoredMonth, StoredSummary

BACKFILL_CHUNK = 31  # days read and summarized at a time by the backfill


class SummaryCache:
    """Day summaries by (domain, day) with their rollup version, and month parts by (domain, month) with the
    changes and registry version they were made at; least recently used entries go first once the held source IPs
    and keys pass `max_weight`."""

    def __init__(self, max_weight: int) -> None:
        self.max_weight = max_weight
        self._entries: OrderedDict[tuple[str, str, date], tuple[Any, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()  # the portfolio reads domains from several threads

    def get(self, domain: str, day: date, version: int) -> StoredSummary | None:
        found = self._get(("day", domain, day))
        return found if found is not None and found.version == version else None

    def month(self, domain: str, month: date, changes: int, registry: int | None) -> SummedDay | None:
        """The month's part if it was made at `changes` (and for `registry`, unless None)."""
        found: StoredMonth | None = self._get(("month", domain, month))
        if found is None or found.made != changes or (registry is not None and found.registry != registry):
            return None
        return found.part

    def holds_any(self, domain: str, start: date, end: date) -> bool:
        with self._lock:
            return any(d == domain and start <= day <= end for kind, d, day in self._entries if kind == "day")

    def holds_month(self, domain: str) -> bool:
        with self._lock:
            return any(d == domain and kind == "month" for kind, d, _ in self._entries)

    def put(self, domain: str, day: date, stored: StoredSummary) -> None:
        s = stored.summary
        self._put(("day", domain, day), stored, 1 + (len(s.ips) + len(s.key_ip) if s is not None else 0))

    def put_month(self, domain: str, month: date, stored: StoredMonth) -> None:
        if stored.part is not None:
            self._put(("month", domain, month), stored, 1 + len(stored.part.summary.ips))

    def _get(self, key: tuple[str, str, date]) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def _put(self, key: tuple[str, str, date], value: Any, weight: int) -> None:
        if weight > self.max_weight:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._held += weight - (old[1] if old else 0)
            self._entries[key] = (value, weight)
            while self._held > self.max_weight:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._held -= dropped


Tagged = Callable[[str, list[SummedDay]], None]  # (domain, the days whose registry part was just made)


class SummaryReader:
    def __init__(self, summaries: DaySummaries, rollups: DayFacts, matchers: Matchers, cache: SummaryCache,
                 on_tagged: Tagged | None = None) -> None:
        self.store, self.rollups, self.matchers, self.cache = summaries, rollups, matchers, cache
        self.on_tagged = on_tagged  # the portfolio digests take the registry parts a reader made
        self._complete: set[str] = set()

    def days(self, domain: str, start: date, end: date, tagged: bool = True) -> list[SummedDay]:
        """The summaries of the range start..end, by first day: a month part for each calendar month inside the
        range whose part is fresh (made after its last day write; for the current registry version when
        `tagged`), the days for the rest (with their registry part when `tagged`). A month inside the range
        without a fresh part is read as days, merged and stored, so the next reader takes the part (an untagged
        read stores a part without a registry part, which a tagged read makes again with one)."""
        if start > end:  # an unproven domain's range before its registration day
            return []
        self.ensure(domain)
        registry = self.matchers.version(domain) if tagged else None
        inside = [m for m in months_touched(start, end) if m >= start and month_end(m) <= end]
        states = self._month_states(domain, inside)
        parts = self._fresh_parts(domain, states, registry)
        found: dict[date, StoredSummary] = {}
        for first, last in gaps(start, end, sorted(parts)):
            found.update(self._read(domain, first, last))
        if registry is not None:
            self._tag(domain, found, registry)
        days = _summed(found)
        for month in inside:
            if month not in parts:
                self._make_month(domain, month, states.get(month, StoredMonth(0)).changes, registry, days)
        return sorted([*parts.values(), *days], key=lambda d: d.day)

    def fresh(self, domain: str, days: Iterable[date]) -> list[SummedDay]:
        """The given days as stored now (consistent reads, past the cache) with their registry part for the current
        registry (made and stored when missing): what a writer mirrors (the portfolio digest at ingest)."""
        found = self._settled(domain, self.store.summaries_of(domain, list(days), consistent=True))
        self._tag(domain, found, self.matchers.version(domain), notify=False)
        return _summed(found)

    def ensure(self, domain: str, force: bool = False) -> int:
        """Summarizes the days stored without a summary (once per domain; `force`: again); returns how many it
        wrote."""
        if not force and (domain in self._complete or self.store.complete(domain)):
            self._complete.add(domain)
            return 0
        written = 0
        span = self.rollups.span(domain)
        if span is not None:
            heads = self.rollups.versions(domain, *span)
            have = self.store.versions(domain, *span)
            behind = sorted(d for d, v in heads.items() if d not in have or have[d][0] < v)
            for n in range(0, len(behind), BACKFILL_CHUNK):
                for day, (version, facts) in self.rollups.day_facts(domain, behind[n:n + BACKFILL_CHUNK]).items():
                    written += self.store.put_summary(domain, day, version, summarize(facts))
        self.store.mark_complete(domain)
        self._complete.add(domain)
        return written

    # --- internals ------------------------------------------------------------------------------------------
    def _month_states(self, domain: str, inside: list[date]) -> dict[date, StoredMonth]:
        """The months' change counts (with their parts when none of the domain's months is held in memory)."""
        if not inside:
            return {}
        states = self.store.months(domain, inside[0], inside[-1], parts=not self.cache.holds_month(domain))
        for month, state in states.items():
            if state.part is not None:
                self.cache.put_month(domain, month, state)
        return states

    def _fresh_parts(self, domain: str, states: dict[date, StoredMonth], registry: int | None
                     ) -> dict[date, SummedDay]:
        """{month: its part} of the months whose part is fresh (a month without data has none: read as days)."""
        usable = {m: s for m, s in states.items()
                  if s.made == s.changes and (registry is None or s.registry == registry)}
        parts: dict[date, SummedDay] = {}
        missing = []
        for month, state in usable.items():
            held = self.cache.month(domain, month, state.changes, registry)
            if held is not None:
                parts[month] = held
            else:
                missing.append(month)
        for month, state in self.store.month_parts(domain, missing).items() if missing else ():
            if state.part is not None and state.made == usable[month].changes:
                self.cache.put_month(domain, month, state)
                parts[month] = state.part
        return parts

    def _make_month(self, domain: str, month: date, changes: int, registry: int | None, days: list[SummedDay]
                    ) -> None:
        """Stores the month's part (without a registry part when `registry` is None: the overview's reads)."""
        part = merge_days([d for d in days if month_of(d.day) == month], registry)
        if part is not None and self.store.put_month(domain, month, changes, registry, part):
            self.cache.put_month(domain, month, StoredMonth(changes, changes, registry, part))

    def _read(self, domain: str, start: date, end: date) -> dict[date, StoredSummary]:
        if not self.cache.holds_any(domain, start, end):
            found = self.store.summaries(domain, start, end)
        else:
            found, missing = {}, []
            for day, (version, _) in self.store.versions(domain, start, end).items():
                held = self.cache.get(domain, day, version)
                if held is None:
                    missing.append(day)
                else:
                    found[day] = held
            if missing:
                found.update(self.store.summaries_of(domain, missing))
        return self._settled(domain, found)

    def _settled(self, domain: str, found: dict[date, StoredSummary]) -> dict[date, StoredSummary]:
        """`found` with the days too large to keep a summary summarized from their facts; kept in memory."""
        big = [day for day, s in found.items() if s.summary is None]
        for day, (version, summary) in self._from_facts(domain, big).items():
            found[day] = StoredSummary(version, summary, None)
        for day, s in found.items():
            self.cache.put(domain, day, s)
        return found

    def _tag(self, domain: str, found: dict[date, StoredSummary], registry: int, notify: bool = True) -> None:
        stale = {d: s for d, s in found.items() if s.tagged is None or s.tagged.registry != registry}
        if not stale:
            return
        registry, matcher = self.matchers.versioned(domain)
        full = {day: (stale[day].version, s) for day, s in self.store.with_sources(domain, stale).items()}
        full.update(self._from_facts(domain, [d for d in stale if d not in full]))
        made = {day: (version, tag_day(summary, matcher, registry)) for day, (version, summary) in full.items()}
        self.store.put_tagged(domain, {day: m for day, m in made.items() if m[0] == stale[day].version})
        for day, (version, part) in made.items():
            if version != stale[day].version:  # the day changed after its summary was read: the newer one
                found[day] = StoredSummary(version, full[day][1].without_sources(), part)
            else:
                found[day] = replace(found[day], tagged=part)
            self.cache.put(domain, day, found[day])
        if notify and self.on_tagged is not None:
            self.on_tagged(domain, _summed({day: found[day] for day in made}))

    def _from_facts(self, domain: str, days: list[date]) -> dict[date, tuple[int, DaySummary]]:
        """{day: (rollup version, summary)} made from the rollups, one stored part of a day at a time (a day too
        large to keep a summary holds 100k sources: its facts are never all in memory): days too large to keep a
        summary, or whose stored sources moved on. The version is read first: a write in between leaves a newer
        summary under an older version, read again next time."""
        if not days:
            return {}
        versions = self.rollups.versions(domain, min(days), max(days))
        return {day: (versions[day], summarize(f for chunk in self.rollups.fact_chunks(domain, day, day)
                                               for f in chunk)) for day in days if day in versions}


def _summed(found: dict[date, StoredSummary]) -> list[SummedDay]:
    return [SummedDay(day, s.summary, s.tagged, s.version) for day, s in sorted(found.items()) if s.summary is not None]
