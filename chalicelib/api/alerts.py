"""Alert routes: rules CRUD and enable/disable, active alerts, history, digest opt-in, sent notifications.
Each route decodes, makes one use-case call and encodes; errors become HTTP answers in ``_errors`` only."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api import auth
from chalicelib.api.alert_views import kinds_view, rule_view, sent_view
from chalicelib.api.alert_views import page_view as _page

alerts_api = Blueprint(__name__)
BASE = "/api/domains/{domain}/alerts"
DEFAULT_LIMIT, MAX_LIMIT = 50, 500


def _service() -> Any:
    from chalicelib import wiring

    return wiring.container().alert_rules


def _errors(route: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(route)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from chalicelib.alerting.rules import RuleError
        from chalicelib.services.alert_ports import RuleConflict, RuleNotFound
        from chalicelib.services.errors import UnknownDomain
        from chalicelib.storage.paging import BadToken

        try:
            return route(*args, **kwargs)
        except RuleError as exc:
            return _problem(400, "invalid", exc.field, exc.message)
        except BadToken as exc:
            return _problem(400, "invalid", "next", str(exc))
        except UnknownDomain as exc:
            return _problem(404, "not_found", "domain", str(exc))
        except RuleNotFound as exc:
            return _problem(404, "not_found", "rule_id", f"no rule {exc} for this domain")
        except RuleConflict as exc:
            return _problem(409, "conflict", "rule_id", f"rule {exc} exists already")
    return wrapper


def _problem(status: int, code: str, field: str, message: str) -> Response:
    return Response({"error": code, "field": field, "message": message}, status_code=status)


def _body() -> Any:
    from chalicelib.alerting.rules import RuleError

    try:
        return alerts_api.current_request.json_body
    except Exception as exc:  # chalice raises BadRequestError on malformed JSON
        raise RuleError("body", "must be JSON") from exc


def _paging() -> tuple[int, str | None]:
    from chalicelib.alerting.rules import RuleError

    params: Mapping[str, str] = alerts_api.current_request.query_params or {}
    raw = params.get("limit")
    if raw is not None and (not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT):
        raise RuleError("limit", f"must be an integer from 1 to {MAX_LIMIT}")
    return int(raw) if raw else DEFAULT_LIMIT, params.get("next")


@alerts_api.route("/api/alerts/kinds", methods=["GET"], authorizer=auth.authorizer)
def list_kinds() -> dict[str, Any]:
    return kinds_view()


@alerts_api.route(BASE + "/rules", methods=["GET"], authorizer=auth.authorizer)
@_errors
def list_rules(domain: str) -> Any:
    return {"items": [rule_view(r) for r in _service().list_rules(domain)]}


@alerts_api.route(BASE + "/rules", methods=["POST"], authorizer=auth.authorizer)
@_errors
def create_rule(domain: str) -> Any:
    return Response(rule_view(_service().create_rule(domain, _body())), status_code=201)


@alerts_api.route(BASE + "/rules/{rule_id}", methods=["GET"], authorizer=auth.authorizer)
@_errors
def get_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().get_rule(domain, rule_id))


@alerts_api.route(BASE + "/rules/{rule_id}", methods=["PUT", "PATCH"], authorizer=auth.authorizer)
@_errors
def update_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().update_rule(domain, rule_id, _body()))


@alerts_api.route(BASE + "/rules/{rule_id}", methods=["DELETE"], authorizer=auth.authorizer)
@_errors
def delete_rule(domain: str, rule_id: str) -> Any:
    _service().delete_rule(domain, rule_id)
    return Response("", status_code=204)


@alerts_api.route(BASE + "/rules/{rule_id}/enable", methods=["POST"], authorizer=auth.authorizer)
@_errors
def enable_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().set_enabled(domain, rule_id, True))


@alerts_api.route(BASE + "/rules/{rule_id}/disable", methods=["POST"], authorizer=auth.authorizer)
@_errors
def disable_rule(domain: str, rule_id: str) -> Any:
    return rule_view(_service().set_enabled(domain, rule_id, False))


@alerts_api.route(BASE + "/active", methods=["GET"], authorizer=auth.authorizer)
@_errors
def active_alerts(domain: str) -> Any:
    from chalicelib.alerting.records import state_to_dict

    return {"items": [state_to_dict(s) for s in _service().active_alerts(domain)]}


@alerts_api.route(BASE + "/history", methods=["GET"], authorizer=auth.authorizer)
@_errors
def alert_history(domain: str) -> Any:
    from chalicelib.alerting.records import event_to_dict

    limit, token = _paging()
    return _page(_service().history(domain, limit, token), event_to_dict)


@alerts_api.route(BASE + "/digest", methods=["GET"], authorizer=auth.authorizer)
@_errors
def get_digest(domain: str) -> Any:
    s = _service().digest(domain)
    return {"enabled": s.enabled, "last_week": s.last_week.isoformat() if s.last_week else None}


@alerts_api.route(BASE + "/digest", methods=["PUT"], authorizer=auth.authorizer)
@_errors
def set_digest(domain: str) -> Any:
    body = _body()
    s = _service().set_digest(domain, body.get("enabled") if isinstance(body, dict) else None)
    return {"enabled": s.enabled, "last_week": s.last_week.isoformat() if s.last_week else None}


@alerts_api.route("/api/notifications", methods=["GET"], authorizer=auth.authorizer)
@_errors
def list_notifications() -> Any:
    limit, token = _paging()
    return _page(_service().notifications(limit, token), sent_view)
