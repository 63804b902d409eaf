"""What evaluation reads and what it says: the evaluation context (facts, tags, report arrivals, today, the
last day whose reports are in) and the Observation each rule produces per subject."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from chalicelib.analysis.common import NoTags, TagSource
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.published import Seen
from chalicelib.posture.model import PostureCheck, RecordChange

DOMAIN = ""  # the subject of an observation about the domain as a whole
REPORTER = "reporter:"  # the subject prefix of an observation about one reporter
Value = int | float | str


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date  # inclusive

    @classmethod
    def last(cls, days: int, today: date, gap: int = 0) -> Window:
        """The ``days`` complete days ending yesterday, or ending ``gap`` days before that."""
        end = today - timedelta(days=1 + gap)
        return cls(end - timedelta(days=days - 1), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Arrivals:
    """The UTC days covered by each reporter's reports (the last day of each report's range), recent history."""
    days_by_reporter: Mapping[str, frozenset[date]]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, date]]) -> Arrivals:
        acc: dict[str, set[date]] = defaultdict(set)
        for reporter, day in pairs:
            acc[reporter].add(day)
        return cls({r: frozenset(d) for r, d in acc.items()})

    def last_day(self) -> date | None:
        return max((max(d) for d in self.days_by_reporter.values() if d), default=None)


@dataclass(frozen=True, slots=True)
class Context:
    domain: str
    today: date  # UTC day of the evaluation
    facts: Sequence[Fact] = ()  # at least the days the rules read
    tags: TagSource = field(default_factory=NoTags)
    arrivals: Arrivals | None = None
    watched_since: date | None = None  # when the domain was registered: silence is not counted before it
    complete_through: date | None = None  # the last day whose reports are in; None: yesterday
    watched: Mapping[str, date] = field(default_factory=dict)  # silent reporters alerted on -> last day reported
    tls: Sequence[tuple[date, int, int]] = ()  # (day, sessions, failed sessions) of the TLS reports, when needed
    posture: PostureCheck | None = None  # the latest DNS posture check, when needed
    dns_changes: Sequence[RecordChange] = ()  # recent DNS record changes, when needed
    policies: Sequence[Seen] = ()  # the reports' published policies of the window, oldest first, when needed

    @property
    def last_day(self) -> date:
        return self.complete_through or self.today - timedelta(days=1)

    def window(self, days: int, gap: int = 0) -> Window:
        """The ``days`` complete days ending on the last complete day, or ``gap`` days before it."""
        return Window.last(days, self.last_day + timedelta(days=1), gap)

    def facts_in(self, window: Window) -> list[Fact]:
        return [f for f in self.facts if window.start <= f.day <= window.end]


@dataclass(frozen=True, slots=True)
class Observation:
    """One rule's verdict on one subject: the measured value against the threshold, with the figures a
    message shows (named values; ``render`` gives them labels) and the UI view that shows the data."""
    subject: str
    firing: bool | None  # None: the inputs cannot tell (an active alert stays as it is; none fires)
    window: Window
    values: tuple[tuple[str, Value], ...]
    view: str

    def value(self, key: str) -> Value | None:
        return dict(self.values).get(key)
