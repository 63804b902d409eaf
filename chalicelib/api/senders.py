"""The senders of a domain over a range of UTC days (`from`, `to`): per sending service, with the fix in the
asked language (`lang` en | ja), and the DKIM selector inventory. `format=csv` gives a CSV download."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.params import choice, day_range, query, wants_csv

senders_api = ApiBlueprint(__name__)
PREFIX = "/api/domains/{domain}"


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().analyses


@senders_api.route(f"{PREFIX}/senders", permission=Permission.READ, methods=["GET"])
def get_senders(domain: str) -> Any:
    from chalicelib.api.encode.senders import senders_table

    params = query(senders_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    lang = choice(params, "lang", ("en", "ja"))
    result = _service().senders(domain, days, lang)
    return respond(domain, days, "senders", result, lambda: senders_table(result), csv)


@senders_api.route(f"{PREFIX}/selectors", permission=Permission.READ, methods=["GET"])
def get_selectors(domain: str) -> Any:
    from chalicelib.api.encode.senders import selectors_table

    params = query(senders_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    result = _service().selectors(domain, days)
    return respond(domain, days, "selectors", result, lambda: selectors_table(result), csv)
