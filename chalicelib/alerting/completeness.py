"""Which days are complete: a day's aggregate reports arrive over the following day or two, so a window may
only end on a day whose reports are in. Per domain, the last complete day is the latest day that every usual
reporter has covered, or, failing that, the last day older than the settled lag (after which whatever came is
all that will come). A usual reporter covered at least half of the ``USUAL_DAYS`` days up to the settled day.

The default lag (ALIGNED_ALERT_SETTLED_HOURS, 48) is set from when the big providers' daily reports arrive:
see docs/ALERT_TIMING.md."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.alerting.inputs import Arrivals

USUAL_DAYS = 14


def settled_day(now: datetime, settled_hours: int) -> date:
    """The last UTC day that ended at least ``settled_hours`` before ``now``."""
    return (now - timedelta(hours=settled_hours)).date() - timedelta(days=1)


def usual_reporters(arrivals: Arrivals, settled: date) -> frozenset[str]:
    since = settled - timedelta(days=USUAL_DAYS - 1)
    return frozenset(reporter for reporter, days in arrivals.days_by_reporter.items()
                     if 2 * sum(1 for d in days if since <= d <= settled) >= USUAL_DAYS)


def last_complete_day(arrivals: Arrivals, now: datetime, settled_hours: int) -> date:
    """The last day whose reports are in (never later than yesterday, never earlier than the settled day)."""
    yesterday = now.date() - timedelta(days=1)
    settled = min(settled_day(now, settled_hours), yesterday)
    usual = usual_reporters(arrivals, settled)
    if not usual:
        return settled
    covered = min(max(arrivals.days_by_reporter[r]) for r in usual)
    return min(max(covered, settled), yesterday)
