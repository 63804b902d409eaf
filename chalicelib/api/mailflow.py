"""GET /api/domains/{domain}/policy: the DMARC policy each reporter saw over a range and the drift from the latest
published one (`format=csv`, `table`: reporters | findings). GET /api/domains/{domain}/providers: whether the
domain's mail meets what Gmail, Yahoo and Outlook.com require, per provider and per sender (`lang` en | ja;
`format=csv`, `table`: providers | senders)."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.params import choice, day_range, query, wants_csv

mailflow_api = ApiBlueprint(__name__)
PREFIX = "/api/domains/{domain}"


@mailflow_api.route(f"{PREFIX}/policy", permission=Permission.READ, methods=["GET"])
def get_policy(domain: str) -> Any:
    from chalicelib import wiring
    from chalicelib.api.encode import mailflow as encode

    params = query(mailflow_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    table = choice(params, "table", ("reporters", "findings")) if csv else "reporters"
    result = wiring.container().policy.drift(domain, days)
    tables = {"reporters": encode.reporters_table, "findings": encode.findings_table}
    return respond(domain, days, f"policy-{table}", result, lambda: tables[table](result), csv)


@mailflow_api.route(f"{PREFIX}/providers", permission=Permission.READ, methods=["GET"])
def get_providers(domain: str) -> Any:
    from chalicelib import wiring
    from chalicelib.api.encode import mailflow as encode

    params = query(mailflow_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    lang = choice(params, "lang", ("en", "ja"))
    table = choice(params, "table", ("providers", "senders")) if csv else "providers"
    result = wiring.container().providers.report(domain, days, lang)
    tables = {"providers": encode.providers_table, "senders": encode.provider_senders_table}
    return respond(domain, days, f"providers-{table}", result, lambda: tables[table](result), csv)
