"""What the TLS, DNS and policy drift alert rules read, added to an evaluation context only when a rule needs it:
the daily TLS session counts of the window, the latest posture check, the recent DNS record changes and the
policies the reports of the window said; none of them before `floor` (the domain's visible_from)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from chalicelib.alerting.inputs import Context
from chalicelib.alerting.rules import DnsChanged, DnsFinding, PolicyDriftRule, Rule, TlsFailureRule
from chalicelib.ports.analyses import Policies
from chalicelib.ports.posture import PostureStore
from chalicelib.ports.tls import TlsReports
from chalicelib.services.analyses import DayRange
from chalicelib.services.policy import seen_of
from chalicelib.services.tls import COUNTED


class InboundInputs:
    def __init__(self, tls: TlsReports | None, posture: PostureStore | None, policies: Policies | None = None
                 ) -> None:
        self.tls, self.posture, self.policies = tls, posture, policies

    def add(self, ctx: Context, rules: list[Rule], floor: date | None = None) -> Context:
        tls_days = max((r.condition.days for r in rules if isinstance(r.condition, TlsFailureRule)), default=0)
        change_days = max((r.condition.days for r in rules if isinstance(r.condition, DnsChanged)), default=0)
        drift_days = max((r.condition.days for r in rules if isinstance(r.condition, PolicyDriftRule)), default=0)
        changes: dict[str, object] = {}
        tls_shown = DayRange(ctx.last_day - timedelta(days=tls_days - 1), ctx.last_day).since(floor)
        if tls_days and self.tls is not None and not tls_shown.empty:
            changes["tls"] = tuple((s.begin.date(), s.report.sessions_success + s.report.sessions_failure,
                                    s.report.sessions_failure)
                                   for s in self.tls.by_domain(ctx.domain, tls_shown.start, tls_shown.end)
                                   if s.status in COUNTED)
        if self.posture is not None and any(isinstance(r.condition, DnsFinding) for r in rules):
            changes["posture"] = self.posture.latest(ctx.domain)
        if self.posture is not None and change_days:
            changed = DayRange(ctx.today - timedelta(days=change_days - 1), ctx.today).since(floor)
            changes["dns_changes"] = tuple(c for c in self.posture.history(ctx.domain)
                                           if changed.start <= c.at.date())
        drift_shown = DayRange(ctx.last_day - timedelta(days=drift_days - 1), ctx.last_day).since(floor)
        if self.policies is not None and drift_days and not drift_shown.empty:
            changes["policies"] = tuple(seen_of(self.policies.seen(ctx.domain, drift_shown.start, drift_shown.end)))
        return replace(ctx, **changes) if changes else ctx  # type: ignore[arg-type]
