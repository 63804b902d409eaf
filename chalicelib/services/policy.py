"""The policy drift use case: every counted report's policy_published over a range, per reporter and day, against
the latest published policy (chalicelib.analysis.drift)."""
from __future__ import annotations

from collections.abc import Iterable

from chalicelib.analysis.drift import PolicyDrift, Seen, policy_drift, report_day
from chalicelib.ports.analyses import Policies, ReportedPolicy
from chalicelib.ports.ingest import Domains
from chalicelib.services.analyses import DayRange
from chalicelib.services.domains import active_domain


def seen_of(reported: Iterable[ReportedPolicy]) -> list[Seen]:
    return [Seen(r.reporter, report_day(r.begin, r.end), r.policy, r.report_id) for r in reported]


class PolicyService:
    def __init__(self, domains: Domains, policies: Policies) -> None:
        self.domains, self.policies = domains, policies

    def drift(self, domain: str, days: DayRange) -> PolicyDrift:
        name = active_domain(self.domains, domain)
        return policy_drift(seen_of(self.policies.seen(name, days.start, days.end)), name)
