"""Analyses of a domain over a range of UTC days (`from`, `to`: YYYY-MM-DD; default the 30 days ending today):
overview, patterns, tags, spoofing, readiness, and the facts behind any row. `format=csv` turns any of them
into a CSV download (UTF-8 with BOM)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from chalicelib.analysis.serialize import to_dict
from chalicelib.api.auth import authorizer
from chalicelib.api.errors import http_errors
from chalicelib.api.params import choice, csv_response, day_range, flag, invalid, number, page, query, wants_csv

if TYPE_CHECKING:
    from chalicelib.analysis.tables import Table
    from chalicelib.services.analyses import DayRange, DrillFilter

# The analysis modules (chalicelib.analysis.tables, services.analyses...) are imported inside the views:
# app.py imports this blueprint in every Lambda function, the ingest one included (see bench/coldstart.py).
analyses_api = Blueprint(__name__)
PREFIX = "/api/domains/{domain}"
SPOOFING_PAGE, FACTS_PAGE = 50, 100


def _service():  # type: ignore[no-untyped-def]
    from chalicelib import wiring

    return wiring.container().analyses


def _params() -> dict[str, str]:
    return query(analyses_api.current_request)


def _frame(domain: str, days: DayRange, result: Any) -> dict[str, Any]:
    return {"domain": domain, "from": days.start.isoformat(), "to": days.end.isoformat(), **to_dict(result)}


def _download(domain: str, days: DayRange, name: str, table: Table) -> Response:
    from chalicelib.analysis.csvout import render_csv

    return csv_response(render_csv(*table), f"aligned-{domain}-{name}-{days.start}-{days.end}.csv")


@analyses_api.route(f"{PREFIX}/overview", methods=["GET"], authorizer=authorizer)
@http_errors
def get_overview(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    table = choice(params, "table", ("summary", "daily", "reporters")) if csv else "summary"
    result, reported = _service().overview(domain, days)
    if csv:
        chosen = {"summary": lambda: tables.overview_table(result),
                  "daily": lambda: tables.daily_table(result.daily),
                  "reporters": lambda: tables.name_count_table(result.reporters, "reporter")}[table]()
        return _download(domain, days, f"overview-{table}", chosen)
    source = None if reported is None else {"reporter": reported.reporter, "report_id": reported.report_id,
                                            "begin": reported.begin.isoformat()}
    return {**_frame(domain, days, result), "dmarc_fail": result.dmarc_fail, "policy_source": source}


@analyses_api.route(f"{PREFIX}/patterns", methods=["GET"], authorizer=authorizer)
@http_errors
def get_patterns(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    lang = choice(params, "lang", ("en", "ja"))
    result = _service().patterns(domain, days)
    if csv:
        return _download(domain, days, "patterns", tables.pattern_table(result, lang))
    return _frame(domain, days, result)


@analyses_api.route(f"{PREFIX}/tags", methods=["GET"], authorizer=authorizer)
@http_errors
def get_tags(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    result = _service().tags(domain, days)
    if csv:
        return _download(domain, days, "tags", tables.tag_table(result))
    return _frame(domain, days, result)


@analyses_api.route(f"{PREFIX}/spoofing", methods=["GET"], authorizer=authorizer)
@http_errors
def get_spoofing(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    failing = flag(params, "failing_only") or False
    if csv and "offset" not in params and "limit" not in params:
        pages = _service().spoofing_all(domain, days, failing, 1000)
        header, _ = tables.spoofing_table(pages[0])
        rows = [row for p in pages for row in tables.spoofing_table(p)[1]]
        return _download(domain, days, "spoofing", (header, rows))
    offset, limit = page(params, SPOOFING_PAGE)
    result = _service().spoofing(domain, days, offset, limit, failing)
    if csv:
        return _download(domain, days, f"spoofing-{offset}", tables.spoofing_table(result))
    more = offset + limit < result.sources
    return {**_frame(domain, days, result), "next_offset": offset + limit if more else None}


@analyses_api.route(f"{PREFIX}/readiness", methods=["GET"], authorizer=authorizer)
@http_errors
def get_readiness(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    tolerance = number(params, "tolerance_pct", 0.5, 0.0, 100.0)
    result = _service().readiness(domain, days, tolerance)
    if csv:
        return _download(domain, days, "readiness", tables.readiness_table(result))
    return _frame(domain, days, result)


@analyses_api.route(f"{PREFIX}/facts", methods=["GET"], authorizer=authorizer)
@http_errors
def get_facts(domain: str) -> Any:
    from chalicelib.analysis import tables

    params = _params()
    days, csv = day_range(params), wants_csv(params)
    pick = drill_filter(params)
    if csv and "offset" not in params and "limit" not in params:
        drill = _service().drilldown(domain, days, pick, 0, None)
        return _download(domain, days, "facts", tables.facts_table(drill.page.items))
    offset, limit = page(params, FACTS_PAGE)
    drill = _service().drilldown(domain, days, pick, offset, limit)
    if csv:
        return _download(domain, days, f"facts-{offset}", tables.facts_table(drill.page.items))
    result = drill.page
    tag_of = drill.tags.tag_of
    items = [{**to_dict(f), "dmarc_pass": f.dmarc_pass, "pattern": int(f.pattern), "tag": tag_of(f.source_ip)}
             for f in result.items]
    more = offset + limit < result.total_facts
    return {"domain": domain, "from": days.start.isoformat(), "to": days.end.isoformat(),
            "total_facts": result.total_facts, "total_messages": result.total_messages, "offset": offset,
            "limit": limit, "next_offset": offset + limit if more else None, "items": items}


def drill_filter(params: dict[str, str]) -> DrillFilter:
    from chalicelib.analysis.common import UNTAGGED_LABEL
    from chalicelib.registry import parse_ip
    from chalicelib.services.analyses import DrillFilter

    patterns: tuple[int, ...] = ()
    if params.get("pattern"):
        parts = params["pattern"].split(",")
        if not all(p.strip() in ("0", "1", "2", "3", "4") for p in parts):
            raise invalid("pattern", "must be 0 (DMARC pass) to 4, or a comma-separated list of them")
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
            raise invalid("source_ip", f"{source_ip!r} is not an IPv4 or IPv6 address") from None
    return DrillFilter(
        patterns=patterns, tag=tag, registered=registered, dmarc=None if dmarc == "any" else dmarc,
        source_ip=source_ip, reporter=params.get("reporter"), header_from=params.get("header_from"),
        envelope_from=params.get("envelope_from"), disposition=params.get("disposition"),
        dkim_domain=params.get("dkim_domain"))

