"""The ports of the analyses use cases: day facts by rollup version, the latest reported policy, and the
registry's matchers; with the value object that crosses them."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from chalicelib.analysis.facts import Fact
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.registry import Matcher


@dataclass(frozen=True, slots=True)
class ReportedPolicy:
    policy: PolicyPublished
    reporter: str
    report_id: str
    begin: datetime
    end: datetime | None = None  # the report period's end (`seen` fills it)


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


class Policies(Protocol):
    def latest(self, domain: str, start: date, end: date) -> ReportedPolicy | None: ...

    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """The policy of every counted report whose period begins in the range, oldest first."""
        ...


class Matchers(Protocol):
    def matcher(self, domain: str) -> Matcher: ...
