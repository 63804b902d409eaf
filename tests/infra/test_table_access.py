"""Each function's DynamoDB grants (infra/access.py, written into its role) hold what it calls and nothing
the code never calls: the ingest, scheduled and API entry points run on moto with every pynamodb request
recorded, and every action granted on a table is one that the storage modules bound to it make."""
from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from infra import access
from tests.alerting.stack import DOMAIN, AlertStack, alert_stack  # noqa: F401
from tests.conftest import ROOT
from tests.infra.conftest import of_type

pytestmark = pytest.mark.infra
Seen = dict[str, set[str]]  # settings table field -> DynamoDB actions
ROLE_OF_KIND = {"api": "ApiFunctionRole", "ingest": "IngestFunctionRole", "schedule": "ScheduledFunctionRole"}
CALLS = {"get": access.GET, "save": access.PUT, "update": access.UPDATE, "delete": access.DELETE,
         "query": access.QUERY, "scan": access.SCAN, "batch_get": access.BATCH_GET, "batch_write": access.BATCH_WRITE}


@contextmanager
def recording(tables: dict[str, str]) -> Iterator[Seen]:
    """Records the actions of every pynamodb request, by the table's settings field."""
    from pynamodb.connection.base import Connection

    field_of = {name: field for field, name in tables.items()}
    seen: Seen = {}
    original = Connection._make_api_call

    def wrapped(self: Any, operation: str, kwargs: dict[str, Any], *args: Any, **more: Any) -> Any:
        for name in [kwargs["TableName"]] if "TableName" in kwargs else list(kwargs.get("RequestItems", {})):
            seen.setdefault(field_of[name], set()).add("dynamodb:" + operation)
        return original(self, operation, kwargs, *args, **more)

    with patch.object(Connection, "_make_api_call", wrapped):
        yield seen


def _sqs_event(bucket: str, keys: list[str]) -> dict[str, Any]:
    records = [{"messageId": f"m{n}", "receiptHandle": "r", "body": json.dumps({"Records": [
        {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": bucket}, "object": {"key": key}}}]})}
        for n, key in enumerate(keys)]
    return {"Records": records}


@pytest.fixture
def recorded(alert_stack: AlertStack) -> dict[str, Seen]:  # noqa: F811
    """What each kind of function called, in a scenario that walks its code paths."""
    return _walk(alert_stack)


def _walk(s: AlertStack) -> dict[str, Seen]:
    import app
    from chalicelib.adapters.dns import NoResolver
    from chalicelib.adapters.https import NoFetcher
    from tests.ingest.helpers import put_mail
    from tests.ingest.reportgen import report

    config = s.container.settings
    tables = {field: getattr(config.tables, field) for field in config.tables.__slots__}
    s.container.__dict__.update(resolver=NoResolver(), fetcher=NoFetcher())
    s.container.s3_client.create_bucket(Bucket=config.raw_mail.bucket)
    out: dict[str, Seen] = {}
    with recording(tables) as out["ingest"]:
        keys = [put_mail(report("r1", DOMAIN, "google.com", begin=s.clock.now.replace(hour=0))),
                put_mail(b"not a mail at all"), put_mail(report("r2", "unregistered.example"))]
        app.handle_raw_mail(_sqs_event(config.raw_mail.bucket, keys), None)
    with recording(tables) as out["api"]:
        _walk_api(s)
    s.add_reports("google.com", [s.clock.ago(d) for d in range(1, 15)])
    _upgraded(s)
    with recording(tables) as out["schedule"]:
        for name in ("evaluate_alerts", "send_weekly_digest", "check_dns_posture"):
            s.invoke(name)
    return out


def _upgraded(s: AlertStack) -> None:
    """A domain whose reports a release before the policy log stored and whose first read is a scheduled policy
    drift rule's: the log's backfill runs in the scheduled function."""
    from datetime import UTC, datetime, time

    from chalicelib.alerting.rules import PolicyDriftRule, Rule
    from chalicelib.ports.ingest import Status
    from tests.ingest.reportgen import report

    name = "upgraded.example"
    s.container.domains.add(name)
    for d in range(1, 4):
        r = report(f"u{d}", name, "google.com", begin=datetime.combine(s.clock.ago(d), time(), UTC))
        s.container.reports.create(f"{name}!{d}", r, f"raw/u{d}", Status.APPLIED)
    s.container.alert_stores.rules.create(Rule(name, "drift", "Policy drift", PolicyDriftRule(days=7)))


def _walk_api(s: AlertStack) -> None:
    import app

    d = f"/api/domains/{DOMAIN}"
    writes = [("post", "/api/domains", {"name": "second.example"}),
              ("post", f"{d}/alerts/rules", {"name": "Daily failures", "kind": "fail_count", "threshold": 10,
                                              "days": 1}),
              ("put", f"{d}/alerts/digest", {"enabled": True}),
              ("put", f"{d}/registry/198.51.100.0%2F24", {"tag": "crm"}),
              ("post", f"{d}/registry/import", {"csv": "cidr,tag\n203.0.113.0/24,web\n"}),
              ("delete", f"{d}/registry/198.51.100.0%2F24", None),
              ("post", "/api/reporters/trusted", {"domain": "relay.example"}),
              ("delete", "/api/reporters/trusted/relay.example", None),
              ("post", f"{d}/posture", {}),
              ("post", "/api/orgs", {"id": "walk-a"}), ("post", "/api/orgs", {"id": "walk-b"}),
              ("post", "/api/domains", {"name": "moved.example", "org": "walk-a"}),
              ("post", "/api/domains/moved.example/alerts/rules", {"name": "Spoofing", "kind": "spoofing",
                                                                   "threshold": 10}),
              ("put", "/api/domains/moved.example/owner", {"org": "walk-b"})]  # changes hands: settings deleted
    for method, path, body in writes:
        answer = s.send(method, path, body)
    assert answer.status_code == 200, answer.json_body  # the hand change went through
    for path, methods in sorted(app.app.routes.items()):
        if "GET" in methods and "{" not in path.replace("{domain}", ""):
            s.get(path.replace("{domain}", DOMAIN))
    failures = s.get("/api/ingest/failures").json_body
    for row in (failures.get("items") or failures.get("failures") or [])[:1]:
        s.send("post", f"/api/ingest/failures/{row['id']}/reprocess")
        s.send("delete", f"/api/ingest/failures/{row['id']}")
    s.send("delete", "/api/domains/second.example")


def test_each_function_is_granted_what_it_calls(recorded: dict[str, Seen]) -> None:
    for kind, seen in recorded.items():
        assert seen, f"{kind}: the scenario made no DynamoDB call"
        for field, actions in seen.items():
            granted = access.ACCESS[kind].get(field, set())
            assert actions <= granted, f"{kind} calls {sorted(actions - granted)} on {field} (infra/access.py)"


def _storage_calls() -> Seen:
    """The actions each table's storage modules can make: the pynamodb calls in the modules that chalicelib/wiring.py
    builds with `self.settings.tables.<field>`."""
    wiring = ast.parse((ROOT / "chalicelib" / "wiring.py").read_text())
    modules: dict[str, set[str]] = {}
    for prop in ast.walk(wiring):
        if not isinstance(prop, ast.FunctionDef):
            continue
        imported = [n.module if n.module != "chalicelib.storage" else f"{n.module}.{alias.name}"
                    for n in ast.walk(prop) if isinstance(n, ast.ImportFrom) and n.module
                    and n.module.startswith("chalicelib.storage") for alias in n.names]
        fields = {n.attr for n in ast.walk(prop) if isinstance(n, ast.Attribute)
                  and isinstance(n.value, ast.Attribute) and n.value.attr == "tables"}
        for field in fields:
            modules.setdefault(field, set()).update(imported)
    calls: Seen = {}
    for field, names in modules.items():
        for name in names:
            source = ast.parse(Path(ROOT, *name.split(".")).with_suffix(".py").read_text())
            used = {CALLS[n.func.attr] for n in ast.walk(source) if isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Attribute) and n.func.attr in CALLS}
            calls.setdefault(field, set()).update(used)
    return calls


def test_no_function_is_granted_an_action_the_storage_code_never_makes() -> None:
    calls = _storage_calls()
    assert calls.get("reports") and calls.get("rollups"), calls
    for kind, tables in access.ACCESS.items():
        for field, actions in tables.items():
            assert actions <= calls.get(field, set()), f"{kind}: {sorted(actions - calls.get(field, set()))} on {field}"


def test_roles_carry_exactly_the_access_table(resources: dict[str, Any]) -> None:
    from infra.discover import tables

    logical = {t.logical_id: access.field(t) for t in tables()}
    assert set(logical) == set(of_type(resources, "AWS::DynamoDB::Table"))
    used = {field for granted in access.ACCESS.values() for field in granted}
    assert used == set(logical.values()), "a table no function uses, or a grant on a table that does not exist"
    for kind, role in ROLE_OF_KIND.items():
        statements = resources[role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        found: Seen = {}
        for statement in statements:
            dynamo = [a for a in statement["Action"] if a.startswith("dynamodb:")]
            if dynamo:
                (table_arn, *_) = statement["Resource"]
                found[logical[table_arn["Fn::GetAtt"][0]]] = set(dynamo)
        assert found == access.ACCESS[kind], kind
    assert "alerts" not in access.ACCESS["ingest"]  # the registry it only reads (a day's registry part at ingest)
    assert access.ACCESS["ingest"]["registry"] <= {access.GET, access.BATCH_GET}
