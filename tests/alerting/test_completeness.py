"""The last complete day: every usual reporter has covered it, or it is older than the settled lag."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.alerting.completeness import last_complete_day, settled_day, usual_reporters
from chalicelib.alerting.inputs import Arrivals
from tests.alerting.helpers import TODAY, ago

NOON = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=12)


def daily(reporter: str, first: int, last: int) -> list[tuple[str, object]]:
    return [(reporter, ago(d)) for d in range(first, last + 1)]


def test_settled_day() -> None:
    assert settled_day(NOON, 48) == ago(3)  # ago(2) ended 36 hours ago
    assert settled_day(NOON, 36) == ago(2) and settled_day(NOON, 0) == ago(1)


def test_a_day_is_complete_once_every_usual_reporter_covered_it() -> None:
    history = daily("google.com", 2, 30) + daily("outlook.com", 2, 30) + [("rare.example", ago(9))]
    assert usual_reporters(Arrivals.of(history), ago(3)) == {"google.com", "outlook.com"}
    waiting = Arrivals.of(history + daily("google.com", 1, 1))
    assert last_complete_day(waiting, NOON, 48) == ago(2)  # outlook.com's report of yesterday is not in
    assert last_complete_day(Arrivals.of(history + daily("google.com", 1, 1) + daily("outlook.com", 1, 1)),
                             NOON, 48) == ago(1)


def test_a_stopped_reporter_holds_days_back_only_until_the_settled_lag() -> None:
    stopped = Arrivals.of(daily("google.com", 1, 30) + daily("yahoo.com", 8, 30))
    assert last_complete_day(stopped, NOON, 48) == ago(3)


def test_no_usual_reporter_and_never_later_than_yesterday() -> None:
    assert last_complete_day(Arrivals.of([]), NOON, 48) == ago(3)
    hourly = Arrivals.of(daily("outlook.com", 0, 30))  # a report covering part of today
    assert last_complete_day(hourly, NOON, 48) == ago(1)
