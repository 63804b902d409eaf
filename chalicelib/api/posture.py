"""DNS posture of a domain: GET the latest check and the record history; POST to check now."""
from __future__ import annotations

from typing import Any

from chalicelib.access.permissions import Permission
from chalicelib.api.blueprint import ApiBlueprint

posture_api = ApiBlueprint(__name__)
PATH = "/api/domains/{domain}/posture"


def _encode(view: Any) -> dict[str, Any]:
    from chalicelib.posture.codec import change_dict, check_dict

    return {"check": None if view.check is None else check_dict(view.check, texts=True),
            "history": [change_dict(c) for c in view.history]}


@posture_api.route(PATH, permission=Permission.READ, methods=["GET"])
def get_posture(domain: str) -> dict[str, Any]:
    from chalicelib import wiring

    return _encode(wiring.container().posture.view(domain))


@posture_api.route(PATH, permission=Permission.DOMAINS_WRITE, methods=["POST"])
def check_posture(domain: str) -> dict[str, Any]:
    from chalicelib import wiring

    return _encode(wiring.container().posture.run(domain))
