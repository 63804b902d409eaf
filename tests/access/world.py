"""Two organizations on one deployment, on the in-memory adapters, behind the real Chalice app in local token
mode: acme owns acme-mail.example (proven; a report, a registry entry, an alert rule, a held report, an ingest
failure, a sent notification), bravo owns bravo.example. Tokens for each kind of caller."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalice.test import Client

from chalicelib import wiring
from chalicelib.access.permissions import Role
from chalicelib.access.tokens import sign
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.https import NoFetcher
from chalicelib.adapters.memory import memory_adapters
from chalicelib.alerting.render import Message
from chalicelib.cli_token import claims
from chalicelib.ports.access import Member
from chalicelib.ports.alerts import SentNotification
from chalicelib.ports.ingest import Failure
from chalicelib.services.held import report_id
from chalicelib.services.ingest import OPERATOR_MARK
from chalicelib.settings import Auth
from tests.api.known import REPORT_A
from tests.offline import offline_settings

VICTIM, OTHER = "acme-mail.example", "bravo.example"
ACME, BRAVO = "acme", "bravo"
CALLERS = {"alice": (ACME, Role.OWNER), "ana": (ACME, Role.ANALYST), "vic": (ACME, Role.VIEWER),
           "bob": (BRAVO, Role.OWNER)}
NOW = datetime(2026, 3, 10, tzinfo=UTC)


@dataclass
class World:
    client: Client
    built: wiring.Container
    key: bytes
    params: dict[str, str]  # a value for every path parameter of the route table, all about acme

    def token(self, user: str, operator: bool = False) -> str:
        return sign(claims(user, operator=operator), self.key)

    def call(self, method: str, path: str, user: str | None, body: Any = None, operator: bool = False,
             content_type: str = "application/json") -> Any:
        headers = {"Content-Type": content_type}
        if user is not None:
            headers["Authorization"] = "Bearer " + self.token(user, operator)
        data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
        return self.client.http.request(method, path, headers=headers, body=data or b"")


def report() -> str:
    """REPORT_A (tests/api/known.py) about acme's domain."""
    return REPORT_A.replace("example.com", VICTIM)


def held_report() -> str:
    """The report under another report id, as mail nobody authenticated (held)."""
    return report().replace("g-0301", "held-1")


@contextmanager
def world(tmp: Path) -> Iterator[World]:
    key_file = tmp / "auth.key"
    key_file.write_text("k" * 64)
    config = replace(offline_settings(), auth=Auth("local", str(key_file)))
    fakes = memory_adapters()
    built = wiring.bootstrap(config, **fakes, resolver=ZoneResolver({}), fetcher=NoFetcher())
    previous = wiring.install(built)
    try:
        params = populate(built)
        import app as app_module

        with Client(app_module.app) as client:
            yield World(client, built, ("k" * 64).encode(), params)
    finally:
        wiring.install(previous)


def populate(built: wiring.Container) -> dict[str, str]:
    access = built.access
    for org in (ACME, BRAVO):
        access.add_organization(org, org.title())
    for user, (org, role) in CALLERS.items():
        access.put_member(Member(org, user, role))
    built.domains.add(VICTIM, ACME, NOW)
    built.domains.add(OTHER, BRAVO, NOW)
    result = built.ingest.ingest_bytes(report().encode(), f"incoming/{OPERATOR_MARK}a.xml")
    assert result.failure is None
    held = built.ingest.ingest_bytes(held_report().encode(), "incoming/held.xml")
    held_key = held.reports[0].key
    assert built.reports.get(held_key).status.value == "held"  # type: ignore[union-attr]
    built.registry_service.create(VICTIM, "192.0.2.0/24", "mail", "")
    rule = built.alert_rules.create_rule(VICTIM, {"name": "Spoofing", "kind": "spoofing", "threshold": 10})
    failure = Failure("incoming/broken", "not_a_report", "no report", NOW, digest="d1gest",
                      subject=f"Report Domain: {VICTIM} Submitter: google.com Report-ID: x")
    built.failures.record(failure)
    message = Message(VICTIM, "alert", "fired", f"Alert for {VICTIM}", f"{VICTIM} の警報", "body")
    assert built.alert_stores.log is not None
    built.alert_stores.log.record(SentNotification(NOW, message, "m-1", ACME))
    built.trusted_reporters.add("reporter.example")
    return {"domain": VICTIM, "org": ACME, "rule_id": rule.rule_id, "entry": "192.0.2.0_24", "failure_id": failure.id,
            "report": report_id(held_key), "reporter": "reporter.example", "user": "vic", "name": VICTIM}
