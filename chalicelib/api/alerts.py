"""Alert routes: rules CRUD and enable/disable, active alerts, history, digest opt-in, sent notifications.
Each route decodes, makes one use-case call and encodes; errors become HTTP answers in chalicelib/api/errors.py only."""
from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.access.permissions import Permission
from chalicelib.api.alert_views import kinds_view, rule_view, sent_view
from chalicelib.api.alert_views import page_view as _page
from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.caller import scope
from chalicelib.api.params import json_body, query, token_page

alerts_api = ApiBlueprint(__name__)
BASE = "/api/domains/{domain}/alerts"
DEFAULT_LIMIT = 50


def _service() -> Any:
    from chalicelib import wiring

    return wiring.container().alert_rules


def _body() -> Any:
    return json_body(alerts_api.current_request)


def _paging() -> tuple[int, str | None]:
    return token_page(query(alerts_api.current_request), DEFAULT_LIMIT)


@alerts_api.route("/api/alerts/kinds", permission=Permission.SIGNED_IN, methods=["GET"])
def list_kinds() -> dict[str, Any]:
    return kinds_view()


@alerts_api.route(BASE + "/rules", permission=Permission.READ, methods=["GET"])
def list_rules(domain: str) -> Any:
    return {"items": [rule_view(r) for r in _service().list_rules(domain)]}


@alerts_api.route(BASE + "/rules", permission=Permission.ALERTS_WRITE, methods=["POST"])
def create_rule(domain: str) -> Any:
    return Response(rule_view(_service().create_rule(domain, _body())), status_code=201)


@alerts_api.route(BASE + "/rules/{rule_id}", permission=Permission.READ, methods=["GET"])
def get_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().get_rule(domain, rule_id))


@alerts_api.route(BASE + "/rules/{rule_id}", permission=Permission.ALERTS_WRITE, methods=["PUT", "PATCH"])
def update_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().update_rule(domain, rule_id, _body()))


@alerts_api.route(BASE + "/rules/{rule_id}", permission=Permission.ALERTS_WRITE, methods=["DELETE"])
def delete_rule(domain: str, rule_id: str) -> Any:
    _service().delete_rule(domain, rule_id)
    return Response("", status_code=204)


@alerts_api.route(BASE + "/rules/{rule_id}/enable", permission=Permission.ALERTS_WRITE, methods=["POST"])
def enable_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().set_enabled(domain, rule_id, True))


@alerts_api.route(BASE + "/rules/{rule_id}/disable", permission=Permission.ALERTS_WRITE, methods=["POST"])
def disable_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().set_enabled(domain, rule_id, False))


@alerts_api.route(BASE + "/active", permission=Permission.READ, methods=["GET"])
def active_alerts(domain: str) -> Any:
    from chalicelib.alerting.records import state_to_dict

    return {"items": [state_to_dict(s) for s in _service().active_alerts(domain)]}


@alerts_api.route(BASE + "/history", permission=Permission.READ, methods=["GET"])
def alert_history(domain: str) -> Any:
    from chalicelib.alerting.records import event_to_dict

    limit, token = _paging()
    return _page(_service().history(domain, limit, token), event_to_dict)


@alerts_api.route(BASE + "/digest", permission=Permission.READ, methods=["GET"])
def get_digest(domain: str) -> Any:
    s = _service().digest(domain)
    return {"enabled": s.enabled, "last_week": s.last_week.isoformat() if s.last_week else None}


@alerts_api.route(BASE + "/digest", permission=Permission.ALERTS_WRITE, methods=["PUT"])
def set_digest(domain: str) -> Any:
    body = _body()
    s = _service().set_digest(domain, body.get("enabled") if isinstance(body, dict) else None)
    return {"enabled": s.enabled, "last_week": s.last_week.isoformat() if s.last_week else None}


@alerts_api.route("/api/notifications", permission=Permission.READ, methods=["GET"])
def list_notifications() -> Any:
    limit, token = _paging()
    return _page(_service().notifications(limit, token, scope()), sent_view)
