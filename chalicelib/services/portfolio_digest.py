"""Keeping each domain's portfolio digest (analysis.portfolio_digest) in step with its data, from the use cases
that change it:
- `refresh`: days whose rollup changed or whose reports began counting or stopped (ingest's apply, reprocess's
  rebuild) are read again as they are now: consistent summary reads (the registry part made for the current
  registry when missing) and the policies of the reports beginning those days, with the reports the caller
  just changed kept as pending (the reports index lags behind their write);
- `write_back`: what a slow portfolio row read (a domain without a usable digest) is kept, and the coverage grows;
- `build`: the last KEEP_DAYS days at once (a domain claimed, `cli summaries`);
- `retag`: registry parts a reader made again after a registry edit (SummaryReader.on_tagged);
- `open_alerts`: the open alert count, told by the alert use cases after they change alert states.

A change is read, merged, and written conditional on the digest's version, merged again on the newer digest when
another writer came first (the reads are not repeated: newer sums win by their versions, and every writer
applies every writer's pending reports), so concurrent writers of one domain never lose each other's days."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from chalicelib.analysis.portfolio_digest import (
    Digest,
    DigestDay,
    Pending,
    cutoff,
    day_sums,
    pending_now,
    policy_groups,
    policy_of,
    refreshed,
    retagged,
    stated_policy,
    written_back,
)
from chalicelib.analysis.summed import SummedDay
from chalicelib.ports.analyses import DayFacts, Policies, ReportedPolicy
from chalicelib.ports.portfolio import PortfolioDigests
from chalicelib.services.policy import seen_of
from chalicelib.services.summaries import SummaryReader

MAX_ATTEMPTS = 100
Known = Mapping[tuple[str, str], ReportedPolicy | None]  # (reporter, report id) -> its policy now; None: not counted


class ConflictError(RuntimeError):
    """A domain's digest kept changing: MAX_ATTEMPTS conditional writes lost in a row."""


def today_utc() -> date:
    return datetime.now(UTC).date()


def begin_day(reported: ReportedPolicy | Pending) -> date:
    """The day a report's period begins (UTC): the day Policies.seen files it under."""
    return reported.begin.astimezone(UTC).date()


def changed(counted: Iterable[ReportedPolicy], uncounted: Iterable[ReportedPolicy], at: float) -> list[Pending]:
    """The reports a writer just changed: those that count now, and those that stopped counting."""
    return [*(Pending(r.reporter, r.report_id, r.begin, r.end, stated_policy(r.policy), at) for r in counted),
            *(Pending(r.reporter, r.report_id, r.begin, r.end, None, at) for r in uncounted)]


def known_of(pending: Iterable[Pending], domain: str) -> dict[tuple[str, str], ReportedPolicy | None]:
    return {(p.reporter, p.report_id): None if p.policy is None else
            ReportedPolicy(policy_of(p.policy, domain), p.reporter, p.report_id, p.begin, p.end) for p in pending}


def with_known(reported: Sequence[ReportedPolicy], known: Known) -> list[ReportedPolicy]:
    """The reports as read, with the known ones as they are now: replaced in place, left out when no longer
    counted, added in begin order when the read did not have them yet."""
    out = [known.get((r.reporter, r.report_id), r) for r in reported]
    kept = [r for r in out if r is not None]
    present = {(r.reporter, r.report_id) for r in reported}
    for ident, r in known.items():
        if r is not None and ident not in present:
            at = next((n for n, other in enumerate(kept) if other.begin > r.begin), len(kept))
            kept.insert(at, r)
    return kept


def read_days(found: Iterable[SummedDay], reported: Iterable[ReportedPolicy], days: Iterable[date] = ()
              ) -> dict[date, DigestDay]:
    """Digest days from what was read: each day's sums, and the policies of the reports beginning on it. `days`:
    days to state even without data (so a day that lost its data leaves the digest)."""
    sums = {d.day: day_sums(d) for d in found}
    begun: dict[date, list[ReportedPolicy]] = {}
    for r in reported:
        begun.setdefault(begin_day(r), []).append(r)
    return {day: DigestDay(sums.get(day), policy_groups(seen_of(begun.get(day, ()))))
            for day in sorted({*days, *sums, *begun})}


class DigestKeeper:
    def __init__(self, digests: PortfolioDigests, summaries: SummaryReader, policies: Policies, rollups: DayFacts,
                 today: Callable[[], date] = today_utc, clock: Callable[[], float] = time.time) -> None:
        self.digests, self.summaries, self.policies, self.rollups = digests, summaries, policies, rollups
        self.today, self.clock = today, clock

    def read(self, domains: Sequence[str]) -> dict[str, Digest]:
        return self.digests.read(domains)

    def refresh(self, domain: str, days: Iterable[date], counted: Iterable[ReportedPolicy] = (),
                uncounted: Iterable[ReportedPolicy] = ()) -> None:
        """Makes the given days of the domain's digest again from the stores as they are now; `counted` and
        `uncounted`: the reports the caller just made count or stop counting (their begin days among `days`)."""
        wanted = sorted(d for d in set(days) if d >= cutoff(self.today()))
        if not wanted:
            return
        found = self.summaries.fresh(domain, wanted)
        reported = [r for r in self.policies.seen(domain, wanted[0], wanted[-1]) if begin_day(r) in wanted]
        now = self.clock()
        mine = changed(counted, uncounted, now)

        def change(current: Digest | None) -> Digest:
            pending = pending_now(current.pending if current else (), mine, now)
            known = known_of((p for p in pending if begin_day(p) in wanted), domain)
            fresh = read_days(found, with_known(reported, known), wanted)
            return refreshed(current, {d: fresh[d] for d in wanted}, self.today(), pending)

        self._write(domain, change)

    def write_back(self, domain: str, start: date, end: date, found: Sequence[SummedDay],
                   reported: Sequence[ReportedPolicy]) -> None:
        """Keeps what a reader read of start..end (the day summaries with their registry part, every counted
        report beginning in it) and grows the digest's coverage by it."""
        today = self.today()
        if start < cutoff(today):  # the digest keeps no day that old: it could not cover the range
            return
        read = read_days(found, reported)
        self._write(domain, lambda current: written_back(current, read, start, end, today))

    def build(self, domain: str) -> None:
        """The last KEEP_DAYS days (and any later day with data) read at once and kept as `write_back` keeps them
        (a domain just claimed, `cli summaries`)."""
        today = self.today()
        start, span = cutoff(today), self.rollups.span(domain)
        end = max(today, span[1]) if span else today
        self.write_back(domain, start, end, self.summaries.days(domain, start, end),
                        self.policies.seen(domain, start, end))

    def retag(self, domain: str, days: list[SummedDay]) -> None:
        """Takes the registry parts a reader made (after a registry edit) for the days the digest holds."""
        sums = {d.day: day_sums(d) for d in days if d.tagged is not None}
        if sums:
            self._write(domain, lambda current: None if current is None else retagged(current, sums))

    def open_alerts(self, domain: str, count: int) -> None:
        """The domain's open alert count, told by the alert use cases after they changed its alert states."""
        self.digests.set_open_alerts(domain, count)

    def _write(self, domain: str, change: Callable[[Digest | None], Digest | None]) -> None:
        for _ in range(MAX_ATTEMPTS):
            made = change(self.digests.get(domain))
            if made is None or self.digests.write(domain, made):
                return
        raise ConflictError(f"{domain}: {MAX_ATTEMPTS} portfolio digest writes lost in a row")
