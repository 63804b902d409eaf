"""JSON shapes of the alert routes. The alerting modules are imported on first use: app.py imports this
module in every Lambda function, and they are not light (see bench/coldstart.py)."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from chalicelib.alerting.rules import Rule
    from chalicelib.ports.alerts import SentNotification
    from chalicelib.ports.ingest import Page

T = TypeVar("T")


def rule_view(rule: Rule) -> dict[str, Any]:
    from chalicelib.alerting.codec import rule_to_dict

    return rule_to_dict(rule)


def sent_view(sent: SentNotification) -> dict[str, Any]:
    m = sent.message
    return {"at": sent.at.isoformat(), "message_id": sent.message_id, "domain": m.domain, "category": m.category,
            "event": m.event, "subject": m.subject, "subject_ja": m.subject_ja, "body": m.body}


def page_view(page: Page[T], view: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    return {"items": [view(item) for item in page.items], "next": page.next_token}


def kinds_view() -> dict[str, Any]:
    """Each rule kind with its fields and defaults (None: required), for forms."""
    from chalicelib.alerting.rules import CONDITIONS

    out = []
    for kind, cls in CONDITIONS.items():
        fields = {}
        for f in dataclasses.fields(cls):
            default = None if f.default is dataclasses.MISSING else f.default
            fields[f.name] = getattr(default, "value", default)
        out.append({"kind": kind.value, "fields": fields, "description": (cls.__doc__ or "").split("\n")[0]})
    return {"items": out}
