"""The domain's current published policy and the policy drift over a range: every counted report's
policy_published, per reporter and day, under the one rule of chalicelib.analysis.published (the plan's current
stage and the drift view read it through ``published_policy``; the overview and the simulation's default proposal
read the same rule's answer from the policy log's month sums: PublishedPolicies.current)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from chalicelib.analysis.drift import PolicyDrift, policy_drift
from chalicelib.analysis.published import Seen, report_day
from chalicelib.ports.analyses import Policies, ReportedPolicy
from chalicelib.ports.ingest import Domains
from chalicelib.services.domains import active_record
from chalicelib.slots import slot_setters

if TYPE_CHECKING:  # services.analyses reads the published policy from here
    from chalicelib.services.analyses import DayRange


_SEEN = slot_setters(Seen, ("reporter", "day", "policy", "report_id"), "services.policy")


def seen_of(reported: Iterable[ReportedPolicy]) -> list[Seen]:
    """Each report's Seen (a year of a large domain is ~11,000: built without the frozen __init__, the day of
    each distinct period worked out once)."""
    days: dict[tuple[datetime, datetime | None], date] = {}
    out = []
    set_reporter, set_day, set_policy, set_id = _SEEN
    for r in reported:
        period = (r.begin, r.end)
        day = days.get(period)
        if day is None:
            day = days[period] = report_day(r.begin, r.end)
        seen = object.__new__(Seen)
        set_reporter(seen, r.reporter)
        set_day(seen, day)
        set_policy(seen, r.policy)
        set_id(seen, r.report_id)
        out.append(seen)
    return out


def published_policy(policies: Policies, name: str, days: DayRange) -> PolicyDrift:
    """What the reporters saw over the range: the current published policy (``latest``, None without reports),
    the report standing for it (``source``) and the reporters that saw another one (``findings``)."""
    return drift_of([] if days.empty else policies.seen(name, days.start, days.end), name)


def drift_of(reported: Iterable[ReportedPolicy], name: str) -> PolicyDrift:
    """``published_policy`` of the reports Policies.seen gave."""
    return policy_drift(seen_of(reported), name)


class PolicyService:
    def __init__(self, domains: Domains, policies: Policies) -> None:
        self.domains, self.policies = domains, policies

    def drift(self, domain: str, days: DayRange) -> PolicyDrift:
        found = active_record(self.domains, domain)  # older reports stay hidden until ownership is proven
        return published_policy(self.policies, found.name, days.since(found.visible_from))
