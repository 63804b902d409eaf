"""Analysis use cases for one domain and a range of UTC days. The overview, pattern, tag, spoofing and readiness
analyses are summed from day summaries (chalicelib.services.summaries: one small item per day, its registry part
made again for days read after a registry edit, so an edit changes every analysis at once); the others fold the
facts of the day rollups (one item per day). Decoded days are kept in Lambda memory per (domain, day, rollup
version), so a repeated or overlapping range reads one small item per day and decodes only the days that changed."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.analysis import drilldown as dd
from chalicelib.analysis import summed
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.overview import Overview
from chalicelib.analysis.patterns import PatternReport
from chalicelib.analysis.published import Seen
from chalicelib.analysis.readiness import DEFAULT_TOLERANCE_PCT, Readiness
from chalicelib.analysis.selectors import SelectorInventory, selector_inventory
from chalicelib.analysis.spoofing import SpoofingPage
from chalicelib.analysis.tags import TagReport
from chalicelib.errors import InvalidInput
from chalicelib.ports.analyses import DayFacts, Matchers, PublishedPolicies, ReportedPolicy
from chalicelib.ports.ingest import Domains
from chalicelib.registry import Matcher
from chalicelib.senders.report import SendersReport, senders
from chalicelib.services.domains import active_record
from chalicelib.services.policy import drift_of
from chalicelib.services.summaries import SummaryReader

DEFAULT_DAYS = 30
MAX_DAYS = 731
DRILL_WINDOW = 10_000  # records a drill-down pages through (offset + limit); every record is in the CSV


@dataclass(frozen=True, slots=True)
class DayRange:
    start: date
    end: date

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date) -> DayRange:
        """`from` and `to` (YYYY-MM-DD, inclusive). Default: the 30 days ending today (UTC), so a report that
        arrived this morning is already visible; only `from`: to today; only `to`: the 30 days ending then."""
        last = _day(end, "to") if end else today
        first = _day(start, "from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise InvalidInput("range_reversed", "from", **{"from": first.isoformat(), "to": last.isoformat()})
        if (last - first).days + 1 > MAX_DAYS:
            raise InvalidInput("range_too_long", "to", max_days=MAX_DAYS)
        return cls(first, last)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def since(self, floor: date | None) -> DayRange:
        """The part of the range from `floor` on (a domain's visible_from; start after end: none of it)."""
        return self if floor is None or floor <= self.start else DayRange(floor, self.end)

    @property
    def empty(self) -> bool:
        """No day at all (`since` a day after the end): readers answer nothing without asking the store, whose
        range queries refuse an upper bound below the lower one."""
        return self.start > self.end


class FactCache:
    """Decoded days by (domain, day) with their rollup version; least recently used days go first once more
    than `max_facts` facts are held."""

    def __init__(self, max_facts: int) -> None:
        self.max_facts = max_facts
        self._days: OrderedDict[tuple[str, date], tuple[int, list[Fact]]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()  # the portfolio reads domains from several threads

    def get(self, domain: str, day: date, version: int) -> list[Fact] | None:
        with self._lock:
            found = self._days.get((domain, day))
            if found is None or found[0] != version:
                return None
            self._days.move_to_end((domain, day))
            return found[1]

    def holds_any(self, domain: str, days: DayRange) -> bool:
        with self._lock:
            return any((domain, days.start + timedelta(days=n)) in self._days for n in range(days.days))

    def put(self, domain: str, day: date, version: int, facts: list[Fact]) -> None:
        if len(facts) > self.max_facts:
            return
        with self._lock:
            old = self._days.pop((domain, day), None)
            self._held += len(facts) - (len(old[1]) if old else 0)
            self._days[(domain, day)] = (version, facts)
            while self._held > self.max_facts:
                _, (_, dropped) = self._days.popitem(last=False)
                self._held -= len(dropped)


@dataclass(frozen=True, slots=True)
class DrillFilter:
    """Selects the facts behind a row. Unset fields do not filter."""
    patterns: tuple[int, ...] = ()
    tag: str | None = None
    registered: bool | None = None  # False: "possible spoofing" (not in the registry)
    dmarc: str | None = None  # "pass" | "fail"
    source_ip: str | None = None
    reporter: str | None = None
    header_from: str | None = None
    envelope_from: str | None = None
    disposition: str | None = None
    dkim_domain: str | None = None
    service: str | None = None  # a catalogue id, "own", or "" (unidentified senders)

    def predicate(self, tags: Matcher) -> dd.Predicate:
        picks: list[dd.Predicate] = []
        if self.patterns:
            picks.append(dd.has_pattern(*self.patterns))
        if self.tag is not None:
            picks.append(dd.has_tag(tags, self.tag))
        if self.registered is not None:
            picks.append(dd.is_tagged(tags) if self.registered else dd.has_tag(tags, None))
        if self.dmarc is not None:
            failing = dd.dmarc_failing()
            picks.append(failing if self.dmarc == "fail" else (lambda f: not failing(f)))
        if self.source_ip is not None:
            picks.append(dd.from_ip(self.source_ip))
        for name in ("reporter", "header_from", "envelope_from", "disposition"):
            value = getattr(self, name)
            if value is not None:
                picks.append(dd.with_field(name, value))
        if self.dkim_domain is not None:
            picks.append(dd.signed_by(self.dkim_domain))
        if self.service is not None:
            picks.append(dd.sent_by(self.service))
        return dd.all_of(*picks)


@dataclass(frozen=True, slots=True)
class Drill:
    page: dd.FactPage
    tags: Matcher


@dataclass(frozen=True, slots=True)
class DomainSummary:
    overview: Overview
    patterns: PatternReport
    shown: DayRange  # the part of the range the domain's organization may see
    found: list[summed.SummedDay]  # the day summaries read, with their registry part
    reported: list[ReportedPolicy]  # every counted report beginning in `shown`, oldest first


class AnalysesService:
    def __init__(self, domains: Domains, rollups: DayFacts, policies: PublishedPolicies, matchers: Matchers,
                 cache: FactCache, summaries: SummaryReader) -> None:
        self.domains, self.rollups, self.policies, self.matchers = domains, rollups, policies, matchers
        self.cache, self.summaries = cache, summaries

    def facts(self, domain: str, days: DayRange) -> list[Fact]:
        """Every fact of the range; the caller has checked the domain. Nothing of the range in memory: one
        read per day; otherwise the days' versions (one small read per day), then only the changed days."""
        if days.empty:
            return []
        if not self.cache.holds_any(domain, days):
            loaded = self.rollups.range_facts(domain, days.start, days.end)
            for day, (version, facts) in loaded.items():
                self.cache.put(domain, day, version, facts)
            return [f for day in sorted(loaded) for f in loaded[day][1]]
        versions = self.rollups.versions(domain, days.start, days.end)
        found: dict[date, list[Fact]] = {}
        missing = []
        for day, version in versions.items():
            cached = self.cache.get(domain, day, version)
            if cached is None:
                missing.append(day)
            else:
                found[day] = cached
        if missing:
            for day, (version, facts) in self.rollups.day_facts(domain, missing).items():
                self.cache.put(domain, day, version, facts)
                found[day] = facts
        return [f for day in sorted(found) for f in found[day]]

    def shown(self, domain: str, days: DayRange) -> tuple[str, DayRange]:
        """The active domain's stored name and the part of `days` its organization may see: nothing before the
        registration day while ownership is not proven (start after end when none of it may be)."""
        found = active_record(self.domains, domain)
        return found.name, days.since(found.visible_from)

    def _load(self, domain: str, days: DayRange) -> tuple[str, list[Fact]]:
        name, shown = self.shown(domain, days)
        return name, self.facts(name, shown)

    def _summed(self, domain: str, days: DayRange, tagged: bool = True) -> tuple[str, list[summed.SummedDay]]:
        name, shown = self.shown(domain, days)
        return name, self.summaries.days(name, shown.start, shown.end, tagged)

    def overview(self, domain: str, days: DayRange) -> tuple[Overview, Seen | None]:
        """The overview with the current published policy, and the report standing for it."""
        name, shown = self.shown(domain, days)  # one read of the domain record for both parts
        found = self.summaries.days(name, shown.start, shown.end, False)
        published = self.policies.current(name, shown.start, shown.end)
        latest, source = (published.latest, published.source) if published else (None, None)
        return summed.overview(found, latest, days.start, days.end), source

    def summary(self, name: str, days: DayRange, floor: date | None) -> DomainSummary:
        """The overview (with the current published policy) and the pattern analysis of a domain from one read of
        its day summaries and one of its reports' policies, for the portfolio (with what was read, which it keeps
        in the domain's portfolio digest). `name` is a stored, active name (the caller listed it, with its
        visible_from as `floor`); not checked again."""
        shown = days.since(floor)
        found = self.summaries.days(name, shown.start, shown.end, True)
        reported = [] if shown.empty else self.policies.seen(name, shown.start, shown.end)
        latest = drift_of(reported, name).latest
        return DomainSummary(summed.overview(found, latest, days.start, days.end), summed.patterns(found), shown,
                             found, reported)

    def data_span(self, domain: str) -> tuple[date, date] | None:
        """The first and last day the domain has data on (None: none at all), to say where data is when a
        chosen range has none."""
        found = active_record(self.domains, domain)
        span, floor = self.rollups.span(found.name), found.visible_from
        if span is None or floor is None:
            return span
        return None if span[1] < floor else (max(span[0], floor), span[1])

    def patterns(self, domain: str, days: DayRange) -> PatternReport:
        return summed.patterns(self._summed(domain, days)[1])

    def tags(self, domain: str, days: DayRange) -> TagReport:
        return summed.tags(self._summed(domain, days)[1], days.start, days.end)

    def spoofing(self, domain: str, days: DayRange, offset: int, limit: int, failing_only: bool) -> SpoofingPage:
        return summed.spoofing(self._summed(domain, days)[1], offset, limit, failing_only)

    def spoofing_all(self, domain: str, days: DayRange, failing_only: bool, page_size: int) -> Iterator[SpoofingPage]:
        """Every page of the spoofing table (for a CSV of all rows), made as it is read. The domain is checked
        and the range read now, before the first page is asked for."""
        return summed.spoofing_pages(self._summed(domain, days)[1], page_size, failing_only)

    def senders(self, domain: str, days: DayRange, lang: str = "en") -> SendersReport:
        name, facts = self._load(domain, days)
        return senders(facts, self.matchers.matcher(name), name, lang)

    def selectors(self, domain: str, days: DayRange) -> SelectorInventory:
        return selector_inventory(self._load(domain, days)[1])

    def readiness(self, domain: str, days: DayRange, tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> Readiness:
        return summed.readiness(self._summed(domain, days)[1], tolerance_pct)

    def drilldown(self, domain: str, days: DayRange, pick: DrillFilter, offset: int, limit: int) -> Drill:
        """The facts behind a row, largest first, paged within the first DRILL_WINDOW. Read from the store one
        stored part at a time (not through the fact cache), so memory follows the page, not the day size."""
        if offset + limit > DRILL_WINDOW:
            raise InvalidInput("beyond_drill_window", "offset", max=DRILL_WINDOW)
        name, shown = self.shown(domain, days)
        tags = self.matchers.matcher(name)
        chunks = iter(()) if shown.empty else self.rollups.fact_chunks(name, shown.start, shown.end)
        return Drill(dd.select_chunks(chunks, pick.predicate(tags), offset, limit), tags)

    def drill_rows(self, domain: str, days: DayRange, pick: DrillFilter) -> Iterator[Fact]:
        """Every fact behind a row (the CSV), streamed: day by day, each stored part of a day largest first.
        The domain is checked now, before the first row is asked for."""
        name, shown = self.shown(domain, days)
        predicate = pick.predicate(self.matchers.matcher(name))
        chunks = iter(()) if shown.empty else self.rollups.fact_chunks(name, shown.start, shown.end)
        return (f for chunk in chunks for f in sorted(filter(predicate, chunk), key=dd.drill_order))


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_day(text, field)
    except ValueError:
        return _bad_day(text, field)


def _bad_day(text: str, field: str) -> date:
    raise InvalidInput("invalid_day", field, value=text)


