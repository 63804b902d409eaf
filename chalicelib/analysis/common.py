"""Small shared pieces of the analyses: the tag-lookup port and the one rule for a fact's tag, rounded percentages,
counted names and the daily series. Analyses take a ``TagSource`` (``chalicelib.registry.Matcher`` is one) rather
than the registry, so this package does not depend on it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import repeat
from operator import sub
from typing import Protocol

from chalicelib.analysis.facts import Fact

PCT_DIGITS = 2
UNTAGGED_LABEL = "(untagged)"


class TagSource(Protocol):
    def tag_of(self, ip: str) -> str | None:
        """The group tag of the registry range containing ``ip``, or None when it is not registered."""
        ...

    def tag_for(self, ip: str, service: str) -> str | None:
        """The tag of mail from ``ip`` that identification gave to ``service`` (a range's tag, else the tag of
        a registry entry naming the service), or None."""
        ...


def tag_of_fact(tags: TagSource, f: Fact) -> str | None:
    """The registry tag of a fact's mail: the tag of the range containing its source, else the tag of a registry
    entry naming the service identification gave it. Every analysis that asks "is this mail registered?" (the
    senders analysis, the simulation's and the plan's own mail) asks it here, so they cannot disagree."""
    return tags.tag_for(f.source_ip, f.detail.service)


class NoTags:
    """A TagSource with an empty registry: every source is unregistered."""

    def tag_of(self, ip: str) -> str | None:
        return None

    def tag_for(self, ip: str, service: str) -> str | None:
        return None


def pct(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, rounded to 2 decimals; 0.0 when ``whole`` is 0."""
    return round(100.0 * part / whole, PCT_DIGITS) if whole else 0.0


@dataclass(frozen=True, slots=True)
class NameCount:
    name: str
    messages: int
    pct: float  # of all messages in the analysed range


@dataclass(frozen=True, slots=True)
class DayPoint:
    day: date
    total: int
    passed: int  # DMARC pass
    failed: int  # DMARC fail (in one of the four failure patterns)
    unknown: int = 0  # DMARC result unknown (see facts.Pattern.UNKNOWN): neither passed nor failed


@dataclass(frozen=True, slots=True)
class DayColumns:
    """A daily series as columns, for answers holding many series (a year for each of dozens of tags): day
    ``first`` + i has total[i] messages, of which passed[i] DMARC pass, failed[i] fail, unknown[i] unknown (as a
    DayPoint). Every day from ``first`` on, zeros where no data; ``first`` None: no days."""
    first: date | None
    total: tuple[int, ...]
    passed: tuple[int, ...]
    failed: tuple[int, ...]
    unknown: tuple[int, ...]

    def points(self) -> tuple[DayPoint, ...]:
        if self.first is None:
            return ()
        days = days_between(self.first, self.first + timedelta(days=len(self.total) - 1))
        return tuple(map(DayPoint, days, self.total, self.passed, self.failed, self.unknown))



def ranked(counts: Mapping[str, int], total: int) -> tuple[NameCount, ...]:
    """Names by message count, largest first, ties by name."""
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(NameCount(name, n, pct(n, total)) for name, n in order)


def day_series(
    totals: Mapping[date, int], passes: Mapping[date, int], start: date | None = None, end: date | None = None,
    unknowns: Mapping[date, int] | None = None,
) -> tuple[DayPoint, ...]:
    """One point per day. With ``start`` and ``end`` every day of the range appears (zeros where no data),
    so charts have no gaps; days outside the range are dropped. Without them, only days with data."""
    days = days_between(start, end) if start is not None and end is not None else tuple(sorted(totals))
    unknowns = unknowns or {}
    total_of, pass_of, unknown_of = totals.get, passes.get, unknowns.get
    points = []
    for day in days:
        total, passed, unknown = total_of(day, 0), pass_of(day, 0), unknown_of(day, 0)
        points.append(DayPoint(day, total, passed, total - passed - unknown, unknown))
    return tuple(points)


def day_columns(
    totals: Mapping[date, int], passes: Mapping[date, int], start: date | None = None, end: date | None = None,
    unknowns: Mapping[date, int] | None = None,
) -> DayColumns:
    """``day_series`` as columns: with ``start`` and ``end`` every day of the range; without them, the days from
    the first to the last with data."""
    if start is None or end is None:
        if not totals:
            return DayColumns(None, (), (), (), ())
        start, end = min(totals), max(totals)
    days = days_between(start, end)
    zeros = repeat(0)
    total = tuple(map(totals.get, days, zeros))
    passed = tuple(map(passes.get, days, zeros))
    unknown = tuple(map((unknowns or {}).get, days, zeros))
    return DayColumns(start, total, passed, tuple(map(sub, map(sub, total, passed), unknown)), unknown)


@lru_cache(maxsize=64)  # the days of a range, made once for every series of an answer
def days_between(start: date, end: date) -> tuple[date, ...]:
    """start..end, both included."""
    return tuple(start + timedelta(days=i) for i in range((end - start).days + 1))


MAX_PAGE_SIZE = 1000


def check_page(offset: int, limit: int) -> None:
    """Raises ValueError naming the field when a page request is out of bounds."""
    if offset < 0:
        raise ValueError("offset: must be 0 or more")
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit: must be between 1 and {MAX_PAGE_SIZE}")
