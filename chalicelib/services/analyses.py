"""Analysis use cases for one domain and a range of UTC days. Facts come from the day rollups (one item per
day); decoded days are kept in Lambda memory per (domain, day, rollup version), so a repeated or overlapping
range reads one small item per day and decodes only the days that changed. Tags are applied at query time
through the registry's Matcher, so a registry edit changes every analysis at once."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.analysis import drilldown as dd
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.overview import Overview, overview
from chalicelib.analysis.patterns import PatternReport, pattern_analysis
from chalicelib.analysis.readiness import DEFAULT_TOLERANCE_PCT, Readiness, readiness
from chalicelib.analysis.selectors import SelectorInventory, selector_inventory
from chalicelib.analysis.spoofing import SpoofingPage, spoofing
from chalicelib.analysis.tags import TagReport, tag_analysis
from chalicelib.errors import InvalidInput
from chalicelib.ports.analyses import DayFacts, Matchers, Policies, ReportedPolicy
from chalicelib.ports.ingest import Domains
from chalicelib.registry import Matcher
from chalicelib.senders.report import SendersReport, senders
from chalicelib.services.domains import active_domain, active_record

DEFAULT_DAYS = 30
MAX_DAYS = 731


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


class FactCache:
    """Decoded days by (domain, day) with their rollup version; least recently used days go first once more
    than `max_facts` facts are held."""

    def __init__(self, max_facts: int) -> None:
        self.max_facts = max_facts
        self._days: OrderedDict[tuple[str, date], tuple[int, list[Fact]]] = OrderedDict()
        self._held = 0

    def get(self, domain: str, day: date, version: int) -> list[Fact] | None:
        found = self._days.get((domain, day))
        if found is None or found[0] != version:
            return None
        self._days.move_to_end((domain, day))
        return found[1]

    def holds_any(self, domain: str, days: DayRange) -> bool:
        return any((domain, days.start + timedelta(days=n)) in self._days for n in range(days.days))

    def put(self, domain: str, day: date, version: int, facts: list[Fact]) -> None:
        if len(facts) > self.max_facts:
            return
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


LOOKUP = object()  # "look the domain's visible_from up" (callers that read the domain already pass theirs)


def visible(days: DayRange, floor: date | None) -> DayRange | None:
    """The part of `days` from `floor` on (None: nothing of it may be shown)."""
    if floor is None or floor <= days.start:
        return days
    return None if floor > days.end else DayRange(floor, days.end)


class AnalysesService:
    def __init__(self, domains: Domains, rollups: DayFacts, policies: Policies, matchers: Matchers,
                 cache: FactCache) -> None:
        self.domains, self.rollups, self.policies, self.matchers = domains, rollups, policies, matchers
        self.cache = cache

    def visible_from(self, domain: str) -> date | None:
        """The first day the domain's organization may see (None: all), chalicelib.ports.ingest.Domain."""
        found = self.domains.get(domain)
        return None if found is None else found.visible_from

    def facts(self, domain: str, days: DayRange, floor: date | None | object = LOOKUP) -> list[Fact]:
        """Every fact of the range the owner may see (not before `floor`, the domain's visible_from: looked up
        unless the caller has it); the caller has checked the domain."""
        shown = visible(days, self.visible_from(domain) if floor is LOOKUP else floor)  # type: ignore[arg-type]
        return [] if shown is None else self._facts(domain, shown)

    def _facts(self, domain: str, days: DayRange) -> list[Fact]:
        """Nothing of the range in memory: one read per day; otherwise the days' versions (one small read per
        day), then only the changed days."""
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

    def _load(self, domain: str, days: DayRange) -> tuple[str, list[Fact]]:
        found = active_record(self.domains, domain)  # one read gives the name and what its owner may see
        return found.name, self.facts(found.name, days, found.visible_from)

    def overview(self, domain: str, days: DayRange) -> tuple[Overview, ReportedPolicy | None]:
        found = active_record(self.domains, domain)
        facts = self.facts(found.name, days, found.visible_from)
        reported = self.latest_policy(found.name, days, found.visible_from)
        return overview(facts, reported.policy if reported else None, days.start, days.end), reported

    def latest_policy(self, name: str, days: DayRange, floor: date | None | object = LOOKUP) -> ReportedPolicy | None:
        """The policy last reported in the range, from a report the owner may see."""
        shown = visible(days, self.visible_from(name) if floor is LOOKUP else floor)  # type: ignore[arg-type]
        return None if shown is None else self.policies.latest(name, shown.start, shown.end)

    def data_span(self, domain: str) -> tuple[date, date] | None:
        """The first and last day the domain has data on (None: none at all), to say where data is when a
        chosen range has none."""
        name = active_domain(self.domains, domain)
        span, floor = self.rollups.span(name), self.visible_from(name)
        if span is None or floor is None:
            return span
        return None if span[1] < floor else (max(span[0], floor), span[1])

    def patterns(self, domain: str, days: DayRange) -> PatternReport:
        name, facts = self._load(domain, days)
        return pattern_analysis(facts, self.matchers.matcher(name))

    def tags(self, domain: str, days: DayRange) -> TagReport:
        name, facts = self._load(domain, days)
        return tag_analysis(facts, self.matchers.matcher(name), days.start, days.end)

    def spoofing(self, domain: str, days: DayRange, offset: int, limit: int, failing_only: bool) -> SpoofingPage:
        name, facts = self._load(domain, days)
        return spoofing(facts, self.matchers.matcher(name), offset, limit, failing_only)

    def spoofing_all(self, domain: str, days: DayRange, failing_only: bool, page_size: int) -> list[SpoofingPage]:
        """Every page of the spoofing table (for a CSV of all rows)."""
        name, facts = self._load(domain, days)
        tags = self.matchers.matcher(name)
        pages = [spoofing(facts, tags, 0, page_size, failing_only)]
        while pages[-1].offset + page_size < pages[-1].sources:
            pages.append(spoofing(facts, tags, pages[-1].offset + page_size, page_size, failing_only))
        return pages

    def senders(self, domain: str, days: DayRange, lang: str = "en") -> SendersReport:
        name, facts = self._load(domain, days)
        return senders(facts, self.matchers.matcher(name), name, lang)

    def selectors(self, domain: str, days: DayRange) -> SelectorInventory:
        return selector_inventory(self._load(domain, days)[1])

    def readiness(self, domain: str, days: DayRange, tolerance_pct: float = DEFAULT_TOLERANCE_PCT) -> Readiness:
        name, facts = self._load(domain, days)
        return readiness(facts, self.matchers.matcher(name), tolerance_pct)

    def drilldown(self, domain: str, days: DayRange, pick: DrillFilter, offset: int, limit: int | None) -> Drill:
        """The facts behind a row, largest first, paged; `limit` None: all of them (CSV)."""
        name, facts = self._load(domain, days)
        tags = self.matchers.matcher(name)
        predicate = pick.predicate(tags)
        if limit is not None:
            return Drill(dd.select(facts, predicate, offset, limit), tags)
        matched = sorted((f for f in facts if predicate(f)), key=_drill_order)
        return Drill(dd.FactPage(len(matched), sum(f.count for f in matched), 0, len(matched), tuple(matched)), tags)


def _drill_order(f: Fact) -> tuple[int, date, str]:
    return (-f.count, f.day, f.source_ip)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_day(text, field)
    except ValueError:
        return _bad_day(text, field)


def _bad_day(text: str, field: str) -> date:
    raise InvalidInput("invalid_day", field, value=text)


