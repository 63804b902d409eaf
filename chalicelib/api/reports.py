"""Held reports (not authenticated: counted nowhere until accepted) and trusted reporter domains:
GET /api/reports/held, POST /api/reports/{report}/accept | /reject, /api/reporters/trusted (list, add, remove)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.params import json_body, query, token_page

if TYPE_CHECKING:
    from chalicelib.ports.ingest import StoredReport

reports_api = ApiBlueprint(__name__)
DEFAULT_LIMIT = 50


def _service() -> Any:
    from chalicelib import wiring

    return wiring.container().held_reports


def report_view(s: StoredReport) -> dict[str, Any]:
    from chalicelib.services.held import report_id

    p = s.provenance
    return {"id": report_id(s.key), "key": s.key, "domain": s.domain, "org_name": s.org_name,
            "report_id": s.report_id, "begin": s.begin.isoformat(), "end": s.end.isoformat(),
            "records": s.record_count, "messages": s.message_count, "status": s.status.value,
            "trust": p.trust.value, "reason": p.reason, "from_domain": p.from_domain, "raw_key": s.raw_key}


@reports_api.route("/api/reports/held", permission=Permission.READ, methods=["GET"])
def list_held() -> dict[str, Any]:
    limit, token = token_page(query(reports_api.current_request), DEFAULT_LIMIT)
    page = _service().held(limit, token, scope())
    return {"items": [report_view(s) for s in page.items], "next": page.next_token}


@reports_api.route("/api/reports/{report}/accept", permission=Permission.DOMAINS_WRITE, methods=["POST"])
def accept_report(report: str) -> dict[str, Any]:
    return report_view(_service().accept(report, scope()))


@reports_api.route("/api/reports/{report}/reject", permission=Permission.DOMAINS_WRITE, methods=["POST"])
def reject_report(report: str) -> dict[str, Any]:
    return report_view(_service().reject(report, scope()))


@reports_api.route("/api/reporters/trusted", permission=Permission.OPERATE, methods=["GET"])
def list_trusted() -> dict[str, Any]:
    return {"items": _service().trusted_reporters()}


@reports_api.route("/api/reporters/trusted", permission=Permission.OPERATE, methods=["POST"])
def trust_reporter() -> Response:
    domain = json_body(reports_api.current_request).get("domain")
    accepted = _service().trust_reporter(domain)
    return Response(body={"domain": str(domain).strip().rstrip(".").lower(), "accepted": accepted}, status_code=201)


@reports_api.route("/api/reporters/trusted/{reporter}", permission=Permission.OPERATE, methods=["DELETE"])
def distrust_reporter(reporter: str) -> Response:
    _service().distrust_reporter(reporter)
    return Response(body="", status_code=204)
