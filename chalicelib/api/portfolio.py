"""The portfolio of every domain (`GET /api/portfolio`: one row per domain over a range of UTC days, sorted and
paged server-side; `format=csv`: every row as a download) and bulk onboarding (`POST /api/onboarding`: a CSV of
domains, answered with the DNS records to publish for each)."""
from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.params import choice, day_range, offset_page, query, wants_csv

portfolio_api = ApiBlueprint(__name__)
PAGE = 50
CSV_UPLOAD = ["text/csv", "application/octet-stream", "text/plain"]


def _container():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container()


@portfolio_api.route("/api/portfolio", permission=Permission.READ, methods=["GET"])
def get_portfolio() -> Any:
    from chalicelib.analysis.portfolio import SORT_KEYS, default_descending
    from chalicelib.api.encode import csv_response, tables
    from chalicelib.api.encode.csvfile import render_csv

    params = query(portfolio_api.current_request)
    days, csv = day_range(params), wants_csv(params)
    sort = choice(params, "sort", SORT_KEYS)
    descending = choice(params, "order", ("desc", "asc") if default_descending(sort) else ("asc", "desc")) == "desc"
    offset, limit = (0, None) if csv and "limit" not in params else offset_page(params, PAGE)
    service = _container().portfolio
    caller = scope().principal  # the domains of the caller's organizations (the operator: every domain)
    mine = [d for d in service.active_domains() if caller.operator or caller.sees(d.org)]
    result = service.portfolio(mine, days, sort, descending, offset, limit)
    if csv:
        return csv_response(render_csv(*tables.portfolio_table(result.rows)),
                            f"aligned-portfolio-{days.start}-{days.end}.csv")
    more = offset + result.limit < result.totals.domains
    return {"from": days.start.isoformat(), "to": days.end.isoformat(), "sort": sort,
            "order": "desc" if descending else "asc", **to_dict(result),
            "next_offset": offset + result.limit if more else None}


@portfolio_api.route("/api/onboarding", permission=Permission.DOMAINS_WRITE, methods=["POST"],
                     content_types=CSV_UPLOAD)
def onboard_domains() -> Response:
    request = portfolio_api.current_request
    org = query(request).get("org") or None  # whose domains (optional when the caller writes for one only)
    done = _container().onboarding.onboard_csv(request.raw_body if request else b"", org, scope().principal)
    added = sum(1 for d in done if d.added)
    return Response(body={"added": added, "existing": len(done) - added, "items": to_dict(done)},
                    status_code=201 if added else 200)
