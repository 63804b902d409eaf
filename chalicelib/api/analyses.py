"""Analyses of a domain over a range of UTC days (`from`, `to`: YYYY-MM-DD; default the 30 days ending today):
overview, patterns, tags, spoofing, readiness, and the facts behind any row. `format=csv` turns any of them
into a CSV download (UTF-8 with BOM)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.encode import respond
from chalicelib.api.encode.jsonable import to_dict
from chalicelib.api.params import (
    MAX_LIMIT,
    choice,
    day_range,
    flag,
    invalid,
    number,
    offset_page,
    query,
    wants_csv,
)

if TYPE_CHECKING:
    from chalicelib.analysis.facts import Fact
    from chalicelib.services.analyses import DrillFilter

# The analysis modules (chalicelib.api.encode.tables, services.analyses...) are imported inside the views:
# app.py imports this blueprint in every Lambda function, the ingest one included (see bench/coldstart.py).
analyses_api = ApiBlueprint(__name__)
PREFIX = "/api/domains/{domain}"
SPOOFING_PAGE, FACTS_PAGE = 50, 100


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().analyses


def _params() -> dict[str, str]:
    return query(analyses_api.current_request)


@analyses_api.route(f"{PREFIX}/overview", permission=Permission.READ, methods=["GET"])
def get_overview(domain: str) -> Any:
    from chalicelib.api.encode import tables
    from chalicelib.api.encode.mailflow import policy_source

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    table = choice(params, "table", ("summary", "daily", "reporters")) if csv else "summary"
    result, source = _service().overview(domain, days)
    chosen = {"summary": lambda: tables.overview_table(result),
              "daily": lambda: tables.daily_table(result.daily),
              "reporters": lambda: tables.name_count_table(result.reporters, "reporter")}[table]
    span = None if csv or result.messages else _service().data_span(domain)
    return respond(domain, days, f"overview-{table}", result, chosen, csv, dmarc_fail=result.dmarc_fail,
                   policy_source=policy_source(source),
                   data_span=span and {"first": span[0].isoformat(), "last": span[1].isoformat()})


@analyses_api.route(f"{PREFIX}/patterns", permission=Permission.READ, methods=["GET"])
def get_patterns(domain: str) -> Any:
    from chalicelib.api.encode import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    lang = choice(params, "lang", ("en", "ja"))
    result = _service().patterns(domain, days)
    return respond(domain, days, "patterns", result, lambda: tables.pattern_table(result, lang), csv)


@analyses_api.route(f"{PREFIX}/tags", permission=Permission.READ, methods=["GET"])
def get_tags(domain: str) -> Any:
    from chalicelib.api.encode import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    result = _service().tags(domain, days)
    return respond(domain, days, "tags", result, lambda: tables.tag_table(result), csv)


@analyses_api.route(f"{PREFIX}/spoofing", permission=Permission.READ, methods=["GET"])
def get_spoofing(domain: str) -> Any:
    from chalicelib.api.encode import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    failing = flag(params, "failing_only") or False
    if csv and "offset" not in params and "limit" not in params:
        pages = _service().spoofing_all(domain, days, failing, MAX_LIMIT)
        rows = (row for p in pages for row in tables.spoofing_rows(p))
        return respond(domain, days, "spoofing", None, lambda: (tables.SPOOFING_HEADER, rows), csv)
    offset, limit = offset_page(params, SPOOFING_PAGE)
    result = _service().spoofing(domain, days, offset, limit, failing)
    more = offset + limit < result.sources
    return respond(domain, days, f"spoofing-{offset}", result, lambda: tables.spoofing_table(result), csv,
                   next_offset=offset + limit if more else None)


@analyses_api.route(f"{PREFIX}/readiness", permission=Permission.READ, methods=["GET"])
def get_readiness(domain: str) -> Any:
    from chalicelib.api.encode import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    tolerance = number(params, "tolerance_pct", 0.5, 0.0, 100.0)
    result = _service().readiness(domain, days, tolerance)
    return respond(domain, days, "readiness", result, lambda: tables.readiness_table(result), csv)


@analyses_api.route(f"{PREFIX}/facts", permission=Permission.READ, methods=["GET"])
def get_facts(domain: str) -> Any:
    from chalicelib.api.encode import tables
    from chalicelib.services.analyses import DRILL_WINDOW

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    pick = drill_filter(params)
    if csv and "offset" not in params and "limit" not in params:  # every record, streamed
        rows = tables.fact_rows(_service().drill_rows(domain, days, pick))
        return respond(domain, days, "facts", None, lambda: (tables.FACT_HEADER, rows), csv)
    offset, limit = offset_page(params, FACTS_PAGE)
    drill = _service().drilldown(domain, days, pick, offset, limit)
    result = drill.page
    tag_for = drill.tags.tag_for  # a range holding the source, else an entry naming the fact's service
    items = [fact_item(f, tag_for(f.source_ip, f.detail.service)) for f in result.items]
    end = offset + limit
    more = end < result.total_facts and end < DRILL_WINDOW
    return respond(domain, days, f"facts-{offset}", None, lambda: tables.facts_table(result.items), csv,
                   total_facts=result.total_facts, total_messages=result.total_messages, offset=offset,
                   limit=limit, next_offset=end if more else None, window=DRILL_WINDOW, items=items)


def fact_item(f: Fact, tag: str | None) -> dict[str, Any]:
    """One record of the drill-down: the fact's fields, its verdicts, and who sent it (flattened from
    `detail`: service, route, every DKIM signature, the SPF identity, the override reasons)."""
    d = f.detail
    fields = {k: v for k, v in to_dict(f).items() if k != "detail"}
    dkim = [{"domain": a, "selector": b, "result": c} for a, b, c in d.dkim_results()]
    return {**fields, "dmarc_pass": f.dmarc_pass, "pattern": int(f.pattern), "tag": tag, "service": d.service or None,
            "route": d.route or None, "dkim": dkim,
            "spf": {"domain": d.spf_domain, "scope": d.spf_scope} if d.spf_domain else None,
            "overrides": [{"type": t, "comment": c} for t, c in d.override_reasons()]}


def drill_filter(params: dict[str, str]) -> DrillFilter:
    from chalicelib.analysis.common import UNTAGGED_LABEL
    from chalicelib.registry import parse_ip
    from chalicelib.services.analyses import DrillFilter

    patterns: tuple[int, ...] = ()
    if params.get("pattern"):
        parts = params["pattern"].split(",")
        if not all(p.strip() in ("0", "1", "2", "3", "4", "5") for p in parts):
            raise invalid("invalid_pattern", "pattern")
        patterns = tuple(sorted({int(p) for p in parts}))
    tag = params.get("tag")
    registered = flag(params, "registered")
    if tag == UNTAGGED_LABEL:
        tag, registered = None, False
    dmarc = choice(params, "dmarc", ("any", "pass", "fail"))
    source_ip = params.get("source_ip")
    if source_ip is not None:
        try:
            source_ip = str(parse_ip(source_ip))
        except ValueError:
            raise invalid("invalid_ip", "source_ip", value=source_ip) from None
    return DrillFilter(
        patterns=patterns, tag=tag, registered=registered, dmarc=None if dmarc == "any" else dmarc,
        source_ip=source_ip, reporter=params.get("reporter"), header_from=params.get("header_from"),
        envelope_from=params.get("envelope_from"), disposition=params.get("disposition"),
        dkim_domain=params.get("dkim_domain"),
        service="" if params.get("service") == "(unknown)" else params.get("service"))

