"""A simulated domain for the alert timing tests: a fake clock stepped hour by hour, reporters whose daily
reports arrive a fixed number of hours after the UTC day they cover, and the hourly evaluation run on the
in-memory fakes. Each delivery stores the report item (its arrival) and merges the day's facts."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.alerting.render import Message
from chalicelib.analysis.facts import Fact
from chalicelib.ports.ingest import Domain, Status
from chalicelib.wiring import Container
from tests.alerting.helpers import DOMAIN
from tests.ingest.reportgen import report

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, 00:00 UTC
# Hours after the end of the day covered when each reporter's daily report arrives: within the 6-30 hours
# seen in practice (see docs/ALERT_TIMING.md).
ARRIVAL_HOURS = {"google.com": 6, "yahoo.com": 12, "outlook.com": 30}

Daily = Callable[[date, str], list[Fact]]  # (day, reporter) -> the facts of that reporter's report


@dataclass
class World:
    app: Container
    reporters: dict[str, int] = field(default_factory=lambda: dict(ARRIVAL_HOURS))
    now: datetime = START
    pending: list[tuple[datetime, str, date, list[Fact]]] = field(default_factory=list)
    sent: int = 0

    def __post_init__(self) -> None:
        self.app.alerts.clock = lambda: self.now
        self.app.domains.items[DOMAIN] = Domain(DOMAIN, START - timedelta(days=90))  # type: ignore[attr-defined]

    def mail(self, days: Iterable[date], daily: Daily, reporters: Iterable[str] | None = None) -> None:
        """Schedules each reporter's report of each day to arrive at the day's end + its arrival hours."""
        for day in days:
            for reporter in reporters or self.reporters:
                at = datetime.combine(day + timedelta(days=1), time(), UTC) + timedelta(hours=self.reporters[reporter])
                self.pending.append((at, reporter, day, daily(day, reporter)))

    def history(self, days: int, daily: Daily) -> None:
        """The reports of the ``days`` days before START, all in already."""
        self.mail((START.date() - timedelta(days=d) for d in range(days, 0, -1)), daily)
        self._deliver(None)

    def run(self, hours: int, digests: bool = False) -> list[Message]:
        """Steps the clock hour by hour: deliveries due, then the hourly evaluation. Returns the new messages."""
        for _ in range(hours):
            self.now += timedelta(hours=1)
            self._deliver(self.now)
            self.app.alerts.evaluate_all()
            if digests:
                self.app.alerts.send_digests()
        return self.messages()

    def messages(self) -> list[Message]:
        all_sent = self.app.notifier.messages  # type: ignore[attr-defined]
        new, self.sent = all_sent[self.sent:], len(all_sent)
        return list(new)

    def _deliver(self, until: datetime | None) -> None:
        due = [p for p in self.pending if until is None or p[0] <= until]
        for item in due:
            self.pending.remove(item)
            _, reporter, day, facts = item
            rid = f"{reporter}-{day.isoformat()}"
            begin = datetime.combine(day, time(), UTC)
            r = report(rid, DOMAIN, reporter, begin=begin)
            self.app.reports.create(f"{DOMAIN}!{reporter}!{rid}", r, f"raw/{rid}", Status.APPLIED)
            self.app.policies.record(r, counted=True)  # its policy in the policy log, as ingest does
            if facts:
                self.app.rollups.merge(DOMAIN, day, rid, facts)


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]
