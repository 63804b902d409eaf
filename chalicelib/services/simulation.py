"""The policy simulation use case: a domain's facts over a range replayed under a proposed policy, the fields left
out taken from the current published policy (chalicelib.ports.analyses.PublishedPolicies.current); names' existence
asked of the DNS through the Resolver port, once per name."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from chalicelib.analysis.published import Seen
from chalicelib.analysis.simulate import Proposal, Simulation, simulate
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.errors import InvalidInput
from chalicelib.ports.dns import DnsError, Resolver
from chalicelib.services.analyses import AnalysesService, DayRange


class ResolverZone:
    """Existence from the DNS (RFC 9989 §3.2.13: NXDOMAIN means the name does not exist); an unknown answer
    (DnsError) counts as existing. Memoised per name."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._known: dict[str, bool] = {}

    def exists(self, name: str) -> bool:
        found = self._known.get(name)
        if found is None:
            try:
                found = self.resolver.addresses(name) is not None
            except DnsError:
                found = True
            self._known[name] = found
        return found


@dataclass(frozen=True, slots=True)
class SimulationAnswer:
    simulation: Simulation
    source: Seen | None  # the report standing for the published policy the proposal's missing fields came from


def proposal_from(given: Mapping[str, str], published: PolicyPublished | None) -> Proposal:
    """The published policy (none when no report said one) with the given fields replaced; the values are already
    checked."""
    base = Proposal.of(published) if published else Proposal()
    fields: dict[str, object] = {k: v for k, v in given.items() if k in ("p", "sp", "np", "adkim", "aspf")}
    if "t" in given:
        fields["t"] = given["t"] == "y"
    if not published and "p" not in given:
        raise InvalidInput("policy_unknown", "p")
    return replace(base, **fields)  # type: ignore[arg-type]


class SimulationService:
    def __init__(self, analyses: AnalysesService, resolver: Resolver) -> None:
        self.analyses, self.resolver = analyses, resolver

    def simulate(self, domain: str, days: DayRange, given: Mapping[str, str]) -> SimulationAnswer:
        name, shown = self.analyses.shown(domain, days)
        published = self.analyses.policies.current(name, shown.start, shown.end)
        latest, source = (published.latest, published.source) if published else (None, None)
        proposal = proposal_from(given, latest)
        facts = self.analyses.facts(name, shown)
        result = simulate(facts, name, proposal, self.analyses.matchers.matcher(name), ResolverZone(self.resolver))
        return SimulationAnswer(result, source)
