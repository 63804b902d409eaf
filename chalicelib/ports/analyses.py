"""The ports of the analyses use cases: day facts by rollup version, the policies reporters saw, and the
registry's matchers; with the value object that crosses them."""
from __future__ import annotations

from collections.abc import Iterable
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
    end: datetime | None = None  # the report period's end


class DayFacts(Protocol):
    def versions(self, domain: str, start: date, end: date) -> dict[date, int]: ...

    def day_facts(self, domain: str, days: Iterable[date]) -> dict[date, tuple[int, list[Fact]]]: ...

    def range_facts(self, domain: str, start: date, end: date) -> dict[date, tuple[int, list[Fact]]]: ...

    def span(self, domain: str) -> tuple[date, date] | None:
        """The first and the last day with a rollup (None: no data at all)."""
        ...


class Policies(Protocol):
    def seen(self, domain: str, start: date, end: date) -> list[ReportedPolicy]:
        """The policy of every counted report whose period begins in the range, oldest first."""
        ...


class Matchers(Protocol):
    def matcher(self, domain: str) -> Matcher: ...
