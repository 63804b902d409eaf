"""Alert evaluation and the weekly digest, the use cases behind the two schedules.

Per domain: load its rules, read the report arrivals (which days are complete, and silence), then only what the
enabled rules need (the union of their fact windows, ending on the last complete day, in one rollup read; the
registry only for tag/source rules), evaluate, then for every event publish first and persist after (a crash
in between repeats a message rather than losing it). Everything read is cut to the days the domain's
organization may see (`Domain.visible_from` through DayRange.since, as the analyses do): an unproven domain's
alerts and digests know nothing of the reports stored before it was registered."""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from chalicelib.alerting.completeness import USUAL_DAYS, last_complete_day, settled_day
from chalicelib.alerting.digest import build_digest, digest_week, previous
from chalicelib.alerting.digest_render import render_digest
from chalicelib.alerting.evaluate import evaluate
from chalicelib.alerting.inputs import REPORTER, Arrivals, Context
from chalicelib.alerting.render import Message, render_event
from chalicelib.alerting.rules import Rule, Silence, fact_span, needs_tags
from chalicelib.alerting.state import AlertState, Step, close, step
from chalicelib.analysis.common import NoTags, TagSource
from chalicelib.analysis.facts import Fact
from chalicelib.ports.alerts import (
    AlertHistory,
    AlertRules,
    AlertStates,
    NotificationLog,
    Notifier,
    SentNotification,
    TagSources,
)
from chalicelib.ports.analyses import Policies
from chalicelib.ports.ingest import Domain, Domains, Reports, Rollups
from chalicelib.ports.posture import PostureStore
from chalicelib.ports.tls import TlsReports
from chalicelib.services.alert_inbound import InboundInputs
from chalicelib.services.analyses import DayRange

log = logging.getLogger(__name__)
OpenAlerts = Callable[[str, int], None]  # (domain, its open alerts now): the portfolio digests keep the count


@dataclass(frozen=True, slots=True)
class AlertConfig:
    ui_base_url: str = ""
    cooldown_hours: int = 24
    settled_hours: int = 48  # see alerting.completeness


@dataclass(slots=True)
class RunSummary:
    domains: int = 0
    rules: int = 0
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # event kind -> messages
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"domains": self.domains, "rules": self.rules, "sent": dict(self.sent), "errors": self.errors}


@dataclass(frozen=True, slots=True)
class AlertStores:
    rules: AlertRules
    states: AlertStates
    history: AlertHistory
    log: NotificationLog | None  # None: sent notifications are not kept


class AlertService:
    def __init__(self, stores: AlertStores, notifier: Notifier, domains: Domains, rollups: Rollups,
                 reports: Reports, tags: TagSources, config: AlertConfig,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), tls: TlsReports | None = None,
                 posture: PostureStore | None = None, policies: Policies | None = None,
                 on_open_alerts: OpenAlerts | None = None) -> None:
        self.stores, self.notifier, self.domains, self.rollups = stores, notifier, domains, rollups
        self.on_open_alerts = on_open_alerts  # told each domain's open alert count after its evaluation
        self.reports, self.tags, self.config, self.clock = reports, tags, config, clock
        self.inbound = InboundInputs(tls, posture, policies)

    def evaluate_all(self) -> RunSummary:
        summary = RunSummary()
        for domain in self.domains.list():
            try:
                self.evaluate_domain(domain, summary)
            except Exception as exc:  # one broken domain must not silence the others
                log.exception("alert evaluation failed for %s", domain.name)
                summary.errors.append(f"{domain.name}: {type(exc).__name__}: {exc}")
        return summary

    def evaluate_domain(self, registered: Domain, summary: RunSummary | None = None) -> RunSummary:
        summary = summary or RunSummary()
        now, domain = self.clock(), registered.name
        rules = self.stores.rules.list(domain)
        enabled = {r.rule_id: r for r in rules if r.enabled}
        active: dict[str, dict[str, AlertState]] = defaultdict(dict)
        for s in self.stores.states.active(domain):
            active[s.rule_id][s.subject] = s
        opened = {(rule_id, subject) for rule_id, states in active.items() for subject in states}
        for rule_id in [r for r in active if r not in enabled]:
            self._apply(close(active.pop(rule_id).values(), now), None, summary, registered.org, opened)
        summary.domains += 1
        if not enabled:
            self._tell(domain, opened)
            return summary
        ctx = self._context(registered, list(enabled.values()), now)
        for rule in enabled.values():
            summary.rules += 1
            try:
                observations = evaluate(rule.condition, _for_rule(ctx, rule, active.get(rule.rule_id, {})))
            except Exception as exc:
                log.exception("rule %s of %s failed", rule.rule_id, domain)
                summary.errors.append(f"{domain}/{rule.rule_id}: {type(exc).__name__}: {exc}")
                continue
            self._apply(step(rule, observations, active.get(rule.rule_id, {}), now, self.config.cooldown_hours), rule,
                        summary, registered.org, opened)
        self._tell(domain, opened)
        return summary

    def _tell(self, domain: str, opened: set[tuple[str, str]]) -> None:
        """Every evaluation tells the count, so one lost after a stop is right again at the next run."""
        if self.on_open_alerts is not None:
            self.on_open_alerts(domain, len(opened))

    def close_domain(self, domain: str) -> int:
        """Closes (history only) every active alert of a domain being removed; returns how many."""
        states = self.stores.states.active(domain)
        self._apply(close(states, self.clock()), None, RunSummary(), None)  # closing notifies nobody
        self._tell(domain, set())
        return len(states)

    def send_digests(self) -> RunSummary:
        """Sends each opted-in domain the digest of the last Monday..Sunday, once per week, as soon as that
        week's reports are in (its Sunday is complete: see alerting.completeness)."""
        summary = RunSummary()
        now = self.clock()
        week = digest_week(now.date())
        for domain in self.domains.list():
            subscription = self.stores.rules.digest(domain.name)
            if not subscription.enabled or subscription.last_week == week.start:
                continue
            lag = self.config.settled_hours
            arrivals = self._arrivals(domain, settled_day(now, lag) - timedelta(days=USUAL_DAYS), now.date())
            if last_complete_day(arrivals, now, lag) < week.end:
                continue  # Sunday's reports are not all in yet: a later run sends it
            summary.domains += 1
            facts = self._facts(domain, DayRange(previous(week).start, week.end))
            digest = build_digest(domain.name, week, facts, self.tags.for_domain(domain.name),
                                  domain.created.date())
            self._send(render_digest(digest, self.config.ui_base_url), now, domain.org)
            self.stores.rules.set_digest(replace(subscription, last_week=week.start))
            summary.sent["digest"] += 1
        return summary

    def _context(self, registered: Domain, rules: list[Rule], now: datetime) -> Context:
        domain, today, lag = registered.name, now.date(), self.config.settled_hours
        history = max((r.condition.history_days for r in rules if isinstance(r.condition, Silence)), default=0)
        since = min(today - timedelta(days=history + 1), settled_day(now, lag) - timedelta(days=USUAL_DAYS))
        arrivals = self._arrivals(registered, since, today)
        complete = last_complete_day(arrivals, now, lag)
        span = max((fact_span(r.condition) for r in rules), default=0)
        facts = self._facts(registered, DayRange(complete - timedelta(days=span - 1), complete)) if span else []
        tags: TagSource = self.tags.for_domain(domain) if any(needs_tags(r.condition) for r in rules) else NoTags()
        context = Context(domain, today, facts, tags, arrivals, registered.created.date(), complete)
        return self.inbound.add(context, rules, registered.visible_from)

    def _facts(self, registered: Domain, days: DayRange) -> list[Fact]:
        shown = days.since(registered.visible_from)
        return [] if shown.empty else self.rollups.facts(registered.name, shown.start, shown.end)

    def _arrivals(self, registered: Domain, since: date, today: date) -> Arrivals:
        """Who reported which days (from `since`, and not before the domain's visible_from); held and rejected
        reports are not arrivals (anyone can mail the rua address: a forged report must not end a silence alert or
        make a day look complete)."""
        shown = DayRange(since, today).since(registered.visible_from)
        begin = datetime.combine(shown.start, datetime.min.time(), UTC)
        return Arrivals.of((r.org_name, (max(r.end, r.begin + timedelta(seconds=1)) - timedelta(seconds=1)).date())
                           for r in self.reports.by_domain(registered.name, begin_from=begin)
                           if r.status.counted)

    def _apply(self, result: Step, rule: Rule | None, summary: RunSummary, org: str | None,
               opened: set[tuple[str, str]] | None = None) -> None:
        """Sends and records the step's events and writes its states (`opened`: the open alerts, kept in step)."""
        opened = opened if opened is not None else set()
        for event in result.events:
            if event.notify:
                self._send(render_event(event, rule, self.config.ui_base_url), event.at, org)
                summary.sent[event.kind.value] += 1
            self.stores.history.append(event)
        for state in result.put:
            self.stores.states.put(state)
            opened.add((state.rule_id, state.subject))
        for state in result.delete:
            self.stores.states.delete(state)
            opened.discard((state.rule_id, state.subject))

    def _send(self, message: Message, at: datetime, org: str | None) -> None:
        """Publishes, then logs the message under the organization it went to (it stays that organization's
        when the domain changes hands)."""
        message_id = self.notifier.publish(message)
        if self.stores.log is not None:
            self.stores.log.record(SentNotification(at, message, message_id, org))


def _for_rule(ctx: Context, rule: Rule, active: dict[str, AlertState]) -> Context:
    """A silence rule also watches the reporters whose silence it alerts on, however long they stay silent."""
    if not isinstance(rule.condition, Silence):
        return ctx
    watched = {}
    for subject, state in active.items():
        last = dict(state.values).get("last_report")
        if subject.startswith(REPORTER) and isinstance(last, str) and last != "-":
            watched[subject[len(REPORTER):]] = date.fromisoformat(last)
    return replace(ctx, watched=watched)
