"""GET /api/domains/{domain}/simulate: the domain's mail over a range replayed under a proposed DMARC policy
(p, sp, np, t, adkim, aspf; each one left out comes from the current published policy). `format=csv`
gives one of the tables (`table`: groups, tags, services, subdomains, reporters)."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.params import choice, day_range, invalid, query, wants_csv

simulation_api = ApiBlueprint(__name__)
POLICY_VALUES = {"p": ("none", "quarantine", "reject"), "sp": ("none", "quarantine", "reject"),
                 "np": ("none", "quarantine", "reject"), "t": ("y", "n"), "adkim": ("r", "s"), "aspf": ("r", "s")}
TABLES = ("groups", "tags", "services", "subdomains", "reporters")


def policy_params(params: dict[str, str]) -> dict[str, str]:
    """The proposal's fields the request gives, each checked (400 invalid_choice naming the field)."""
    given = {}
    for name, allowed in POLICY_VALUES.items():
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        if raw.lower() not in allowed:
            raise invalid("invalid_choice", name, allowed=list(allowed))
        given[name] = raw.lower()
    return given


@simulation_api.route("/api/domains/{domain}/simulate", permission=Permission.READ, methods=["GET"])
def get_simulate(domain: str) -> Any:
    from chalicelib import wiring
    from chalicelib.api.encode import simulation as encode
    from chalicelib.api.encode.mailflow import policy_source

    params = query(simulation_api.current_request)
    days, csv, given = day_range(params), wants_csv(params), policy_params(params)
    table = choice(params, "table", TABLES) if csv else "groups"
    answer = wiring.container().simulation.simulate(domain, days, given)
    result = answer.simulation
    return respond(domain, days, f"simulate-{table}", result, lambda: encode.TABLES[table](result), csv,
                   policy_source=policy_source(answer.source), given=sorted(given))
