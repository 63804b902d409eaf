"""A deterministic portfolio of N domains (the 200-domain fixture of the portfolio tests and bench): 30 days of
day rollups each, a registry range per domain, the latest reported policy cycling through the stages, and open
alerts on some. `load(container, n)` writes it through the container's ports (in-memory fakes or DynamoDB), as
data stored before portfolio digests existed; `new_day` and `keep_day` add a day as ingest does, digests kept."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib.analysis.facts import Fact

DAYS = 30
LAST_DAY = date(2026, 3, 31)
POLICIES = (("none", None), ("quarantine", "y"), ("quarantine", None), ("reject", "y"), ("reject", None))


@dataclass(frozen=True, slots=True)
class Client:
    """One domain of the portfolio and what its data will show."""
    n: int
    name: str
    own_range: str  # registered, tag "own"
    own_failing: bool  # one of its own sources fails DMARC every day
    spoofed: bool  # an unregistered source fails DMARC every day
    open_alerts: int
    p: str
    t: str | None


def clients(n: int) -> list[Client]:
    return [Client(i, f"client-{i:03d}.example", f"10.{i // 256}.{i % 256}.0/24", i % 3 == 0, i % 4 == 1, i % 5 // 3,
                   *POLICIES[i % len(POLICIES)]) for i in range(n)]


def day_facts(c: Client, day: date) -> list[Fact]:
    """About ten facts a day: own sources passing (more for larger clients), one own source failing, spoofing."""
    rnd = random.Random(f"{c.name}|{day}")
    base = c.own_range.rsplit(".", 1)[0]

    def one(ip: str, count: int, passing: bool) -> Fact:
        return Fact(day=day, source_ip=ip, reporter=rnd.choice(("google.com", "Outlook.com", "Yahoo")),
                    header_from=c.name, envelope_from=c.name if passing else "bounce.example",
                    dkim_domains=c.name if passing else "", spf_auth=True, spf_aligned=passing, dkim_auth=passing,
                    dkim_aligned=passing, disposition="none", count=count)

    facts = [one(f"{base}.{k + 1}", rnd.randrange(20, 200) * (1 + c.n % 7), True) for k in range(6 + c.n % 5)]
    if c.own_failing:
        facts.append(one(f"{base}.200", rnd.randrange(5, 40), False))
    if c.spoofed:
        facts.append(one(f"203.0.113.{rnd.randrange(1, 250)}", rnd.randrange(1, 30), False))
    return facts


def new_day(built: Any, made: list[Client], day: date) -> list[Any]:
    """One more day of reports for every client: the day's rollup and the report, written through the ports as
    ingest writes them; returns what each report counts as, for `keep_day`."""
    from chalicelib.ports.ingest import Status
    from chalicelib.services.ingest import reported_policy

    counted = []
    for c in made:
        built.rollups.replace(c.name, day, built.rollups.state(c.name, day), frozenset({f"{c.name}|{day}"}),
                              day_facts(c, day))
        report = _report(c, day, "next")
        built.reports.create(f"{c.name}|next", report, "bench", Status.APPLIED)
        counted.append(reported_policy(report))
    return counted


def keep_day(built: Any, made: list[Client], day: date, counted: list[Any]) -> None:
    """The day made again in each client's portfolio digest, as IngestService.apply does after its merges."""
    for c, r in zip(made, counted, strict=True):
        built.digest_keeper.refresh(c.name, [day], [r])


def _report(c: Client, day: date, report_id: str) -> Any:
    from chalicelib.dmarc.model import AggregateReport, PolicyPublished, ReportMetadata

    begin = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    return AggregateReport(
        schema="rfc7489", version="1.0", metadata=ReportMetadata("google.com", report_id, begin,
                                                                 begin + timedelta(seconds=86399)),
        policy=PolicyPublished(domain=c.name, p=c.p, sp="none", testing=c.t, adkim="r", aspf="r"), records=())


def load(built: Any, n: int, last_day: date = LAST_DAY) -> list[Client]:
    """Writes the portfolio through `built`'s ports (domains, registry, rollups, reports, alert states)."""
    from chalicelib.alerting.inputs import Window
    from chalicelib.alerting.rules import RuleKind
    from chalicelib.alerting.state import AlertState
    from chalicelib.ports.ingest import DayState, Status
    from chalicelib.registry import make_entry

    made = clients(n)
    begin = datetime.combine(last_day, datetime.min.time(), tzinfo=UTC)  # the open alerts' time
    for c in made:
        built.domains.add(c.name)
        built.registry.edit(c.name, lambda current, c=c: {**current, c.own_range: make_entry(c.own_range, "own")})
        for k in range(DAYS):
            day = last_day - timedelta(days=DAYS - 1 - k)
            built.rollups.replace(c.name, day, DayState(None, frozenset()), frozenset({f"{c.name}|{day}"}),
                                  day_facts(c, day))
        report = _report(c, last_day, "last")
        built.reports.create(f"{c.name}|last", report, "bench", Status.APPLIED)
        built.policies.record(report, counted=True)  # as ingest does
        built.policy_log.mark_complete(c.name)  # nothing stored before the policy log: no backfill to run
        for a in range(c.open_alerts):
            built.alert_stores.states.put(AlertState(
                c.name, f"rule-{a}", "spoofing", RuleKind.SPOOFING, "", begin, begin, Window(last_day, last_day), (),
                "spoofing"))
    return made
