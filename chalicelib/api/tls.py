"""SMTP TLS analysis of a domain over a range of UTC days (`from`, `to` as for the other analyses)."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.params import day_range, query, wants_csv

tls_api = ApiBlueprint(__name__)


@tls_api.route("/api/domains/{domain}/tls", permission=Permission.READ, methods=["GET"])
def get_tls(domain: str) -> Any:
    from chalicelib import wiring

    params = query(tls_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    result = wiring.container().tls.summary(domain, days)
    return respond(domain, days, "tls", result,
                   lambda: (("day", "success", "failure"), [(d.day, d.success, d.failure) for d in result.daily]), csv)
