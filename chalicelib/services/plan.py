"""The plan use case: the domain's current stage from the current published policy (chalicelib.services.policy;
the live DMARC record when no report says one) with the reporters that saw another one (the drift findings), the
next stage's criteria and senders to fix over the range, and the record to publish (the live record's rua/ruf
and other tags kept, read through the Resolver port as the posture check reads it)."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.analysis.plan import Plan, PlanRules, plan
from chalicelib.analysis.plan_record import DmarcRecord, compose
from chalicelib.analysis.plan_stages import current_from
from chalicelib.analysis.simulate import Proposal
from chalicelib.ports.dns import DnsError, Resolver
from chalicelib.posture.dmarc import published_record
from chalicelib.posture.lookup import Lookup
from chalicelib.services.analyses import AnalysesService, DayRange
from chalicelib.services.policy import published_policy
from chalicelib.services.simulation import ResolverZone


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    plan: Plan
    record: DmarcRecord
    live: str | None  # the live record as read, None when there is none (or more than one, or unreadable)
    dns_answered: bool  # False: the DNS could not be asked; the record's rua is then this deployment's


def proposal_of_tags(found: dict[str, str]) -> Proposal:
    """The policy a live record states (values RFC 9989 does not define read as their defaults)."""
    def pick(tag: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = found.get(tag, "").lower()
        return value if value in allowed else default
    levels = ("none", "quarantine", "reject")
    return Proposal(p=pick("p", levels, "none") or "none", sp=pick("sp", levels, None), np=pick("np", levels, None),
                    t=found.get("t", "").lower() == "y", adkim=pick("adkim", ("r", "s"), "r") or "r",
                    aspf=pick("aspf", ("r", "s"), "r") or "r")


class PlanService:
    def __init__(self, analyses: AnalysesService, resolver: Resolver, rua_address: str, rules: PlanRules) -> None:
        self.analyses, self.resolver, self.rua_address, self.rules = analyses, resolver, rua_address, rules

    def live(self, domain: str) -> tuple[tuple[str, dict[str, str]] | None, bool]:
        """(the live record and its tags or None, whether the DNS answered)."""
        try:
            return published_record(Lookup(self.resolver), domain), True
        except DnsError:
            return None, False

    def plan(self, domain: str, days: DayRange, lang: str = "en") -> PlanAnswer:
        name, shown = self.analyses.shown(domain, days)
        published = published_policy(self.analyses.policies, name, shown)
        live, answered = self.live(name)
        tags = live[1] if live else None
        current = current_from(published, proposal_of_tags(tags) if tags is not None else None)
        facts = self.analyses.facts(name, shown)
        result = plan(facts, name, current, self.analyses.matchers.matcher(name), ResolverZone(self.resolver),
                      self.rules, lang)
        fo = published.latest.fo if published.latest else None
        record = compose(name, result.proposal, tags, fo, self.rua_address)
        return PlanAnswer(result, record, live[0] if live else None, answered)
