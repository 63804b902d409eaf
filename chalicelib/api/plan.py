"""GET /api/domains/{domain}/plan: the way from p=none to p=reject for the domain over a range of UTC days
(`from`, `to`): the current stage as the reporters saw it, the next one with its criteria met or not, the senders
to fix (fix texts in `lang` en | ja) and the DMARC record to publish. `format=csv` gives the senders to fix."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.params import choice, day_range, query, wants_csv

plan_api = ApiBlueprint(__name__)


@plan_api.route("/api/domains/{domain}/plan", permission=Permission.READ, methods=["GET"])
def get_plan(domain: str) -> Any:
    from chalicelib import wiring
    from chalicelib.api.encode.plan import senders_to_fix_table

    params = query(plan_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    lang = choice(params, "lang", ("en", "ja"))
    answer = wiring.container().plan.plan(domain, days, lang)
    result = answer.plan
    return respond(domain, days, "plan-senders", result, lambda: senders_to_fix_table(result), csv,
                   record={"name": answer.record.name, "value": answer.record.value,
                           "from_dns": answer.record.from_dns, "dropped": list(answer.record.dropped),
                           "rua_added": answer.record.rua_added},
                   live_record=answer.live, dns_answered=answer.dns_answered)
