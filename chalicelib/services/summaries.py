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

from chalicelib.analysis.summary import DaySummary, summarize
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import tag_day
from chalicelib.ports.analyses import DayFacts, DaySummaries, Matchers, StoredSummary

BACKFILL_CHUNK = 31  # days read and summarized at a time by the backfill


class SummaryCache:
    """Summaries by (domain, day) with their rollup version; least recently used days go first once the held
    source IPs and keys pass `max_weight`."""

    def __init__(self, max_weight: int) -> None:
        self.max_weight = max_weight
        self._days: OrderedDict[tuple[str, date], tuple[StoredSummary, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()  # the portfolio reads domains from several threads

    def get(self, domain: str, day: date, version: int) -> StoredSummary | None:
        with self._lock:
            found = self._days.get((domain, day))
            if found is None or found[0].version != version:
                return None
            self._days.move_to_end((domain, day))
            return found[0]

    def holds_any(self, domain: str, start: date, end: date) -> bool:
        with self._lock:
            return any(d == domain and start <= day <= end for d, day in self._days)

    def put(self, domain: str, day: date, stored: StoredSummary) -> None:
        s = stored.summary
        weight = 1 + (len(s.ips) + len(s.key_ip) if s is not None else 0)
        if weight > self.max_weight:
            return
        with self._lock:
            old = self._days.pop((domain, day), None)
            self._held += weight - (old[1] if old else 0)
            self._days[(domain, day)] = (stored, weight)
            while self._held > self.max_weight:
                _, (_, dropped) = self._days.popitem(last=False)
                self._held -= dropped


Tagged = Callable[[str, list[SummedDay]], None]  # (domain, the days whose registry part was just made)


class SummaryReader:
    def __init__(self, summaries: DaySummaries, rollups: DayFacts, matchers: Matchers, cache: SummaryCache,
                 on_tagged: Tagged | None = None) -> None:
        self.store, self.rollups, self.matchers, self.cache = summaries, rollups, matchers, cache
        self.on_tagged = on_tagged  # the portfolio digests take the registry parts a reader made
        self._complete: set[str] = set()

    def days(self, domain: str, start: date, end: date, tagged: bool = True) -> list[SummedDay]:
        """The summaries of the days start..end with data (with their registry part when `tagged`), by day."""
        if start > end:  # an unproven domain's range before its registration day
            return []
        self.ensure(domain)
        found = self._read(domain, start, end)
        if tagged:
            self._tag(domain, found, self.matchers.version(domain))
        return _summed(found)

    def fresh(self, domain: str, days: Iterable[date]) -> list[SummedDay]:
        """The given days as stored now (consistent reads, past the cache) with their registry part for the current
        registry (made and stored when missing): what a writer mirrors (the portfolio digest at ingest)."""
        found = self._settled(domain, self.store.summaries_of(domain, list(days), consistent=True))
        self._tag(domain, found, self.matchers.version(domain), notify=False)
        return _summed(found)

    def sourced(self, domain: str, days: list[SummedDay]) -> list[SummedDay]:
        """The same days with their source keys (the spoofing details read them)."""
        found = {d.day: StoredSummary(d.version, d.summary, d.tagged) for d in days if not d.summary.has_sources}
        if not found:
            return days
        full = self.store.with_sources(domain, found)
        for day, summary in full.items():  # kept with their sources: the next spoofing page reads nothing more
            self.cache.put(domain, day, replace(found[day], summary=summary))
        full.update((day, s) for day, (_, s) in self._from_facts(domain, [d for d in found if d not in full]).items())
        return [replace(d, summary=full.get(d.day, d.summary)) for d in days]

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
        """{day: (rollup version, summary)} made from the rollups: days too large to keep a summary, or whose
        stored sources moved on."""
        if not days:
            return {}
        return {day: (v, summarize(facts)) for day, (v, facts) in self.rollups.day_facts(domain, days).items()}


def _summed(found: dict[date, StoredSummary]) -> list[SummedDay]:
    return [SummedDay(day, s.summary, s.tagged, s.version) for day, s in sorted(found.items()) if s.summary is not None]
