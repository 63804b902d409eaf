"""The ports of the analyses use cases: day facts by rollup version, day summaries, the policies reporters saw,
and the registry's matchers; with the value objects that cross them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.analysis.facts import Fact
from chalicelib.analysis.policy_sums import CurrentPolicy
from chalicelib.analysis.summary import DaySummary
from chalicelib.analysis.summed import SummedDay
from chalicelib.analysis.tagged import TaggedDay
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.registry import Matcher


@dataclass(frozen=True, slots=True)
class ReportedPolicy:
    policy: PolicyPublished
    reporter: str
    report_id: str
    begin: datetime
    end: datetime | None = None  # the report period's end


class DayFacts(Protocol):
    def versions(self, domain: str, start: date, end: date) -> dict[date, int]: ...

    def day_facts(self, domain: str, days: Iterable[date]) -> dict[date, tuple[int, list[Fact]]]: ...

    def range_facts(self, domain: str, start: date, end: date) -> dict[date, tuple[int, list[Fact]]]: ...

    def fact_chunks(self, domain: str, start: date, end: date) -> Iterator[list[Fact]]:
        """The facts of the days start..end in day order, a bounded part at a time (never a whole day)."""
        ...

    def span(self, domain: str) -> tuple[date, date] | None:
        """The first and the last day with a rollup (None: no data at all)."""
        ...


@dataclass(frozen=True, slots=True)
class StoredSummary:
    version: int  # the version of the day rollup it summarizes
    summary: DaySummary | None  # read without its sources (has_sources False); None: too large to keep, the
    # day is summarized from its facts when read
    tagged: TaggedDay | None  # the registry part, for the registry version it says; None: not made yet


@dataclass(frozen=True, slots=True)
class StoredMonth:
    """A calendar month's state: how many day summary writes it has had, and its merged part if one was made."""
    changes: int  # day summary writes of the month so far (0: none since months were kept)
    made: int | None = None  # `changes` when its part was made (None: no part); made == changes: the part is fresh
    registry: int | None = None  # the registry version of the part's registry part (None: a part without one)
    part: SummedDay | None = None  # None when read without it, or when none was made


class DaySummaries(Protocol):
    """Per (domain, day) the summary of the day's rollup, written after each rollup write, and its registry part,
    written by the reader that made it."""

    def put_summary(self, domain: str, day: date, version: int, summary: DaySummary) -> bool:
        """Stores the summary of the rollup at `version` unless one of a newer version is stored (then False)."""
        ...

    def put_tagged(self, domain: str, tagged: Mapping[date, tuple[int, TaggedDay]]) -> None:
        """Stores each day's registry part if the day's summary is still at the given rollup version."""
        ...

    def mark_complete(self, domain: str) -> None:
        """Every rollup of the domain has its summary (the backfill ran)."""
        ...

    def complete(self, domain: str) -> bool: ...

    def versions(self, domain: str, start: date, end: date) -> dict[date, tuple[int, int | None]]:
        """{day: (rollup version, registry version of the registry part or None)} of the days with a summary."""
        ...

    def summaries(self, domain: str, start: date, end: date) -> dict[date, StoredSummary]: ...

    def summaries_of(self, domain: str, days: Iterable[date], consistent: bool = False) -> dict[date, StoredSummary]:
        """The summaries of the given days that have one; `consistent`: as written last (writers read so)."""
        ...

    def with_sources(self, domain: str, found: Mapping[date, StoredSummary]) -> dict[date, DaySummary]:
        """The given summaries with their sources; a day whose sources are not at its version is left out."""
        ...

    # Month parts (analysis.months): every put_summary counts a change of its month (after the day's write), so a
    # part made before it reads as stale.
    def months(self, domain: str, first: date, last: date, parts: bool) -> dict[date, StoredMonth]:
        """The months first..last (first days of months) that have had a change or a part; with their parts when
        `parts`: one query."""
        ...

    def month_parts(self, domain: str, months: Iterable[date]) -> dict[date, StoredMonth]:
        """The given months with their parts."""
        ...

    def put_month(self, domain: str, month: date, changes: int, registry: int | None, part: SummedDay) -> bool:
        """Stores the month's part made when it had `changes` changes, unless it has had more since (False). A part
        without a registry part (`registry` None, the overview's) never replaces one made at the same count."""
        ...


class Policies(Protocol):
    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """The policy of every counted report whose period begins in the range, oldest first."""
        ...


class PublishedPolicies(Policies, Protocol):
    def current(self, domain: str, start: date, end: date) -> CurrentPolicy | None:
        """The current published policy (chalicelib.analysis.published) over the counted reports beginning in
        the range, with the report standing for it; None without reports."""
        ...


class Matchers(Protocol):
    def matcher(self, domain: str) -> Matcher: ...

    def version(self, domain: str) -> int:
        """The current registry version (one small read)."""
        ...

    def versioned(self, domain: str) -> tuple[int, Matcher]:
        """The current registry version and its Matcher, read together."""
        ...
