"""Demo registration against a stub API (idempotent, tolerant of an API without those routes) and process-group
stopping (a child's own children go too)."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from local.api_client import Response
from local.demo import DEMO_DOMAIN, demo_registry
from local.demo.alert_rules import demo_rule_bodies
from local.demo.orgs import DEMO_ORG
from local.processes import Child
from local.seed import register_demo, register_demo_rules


class StubApi:
    def __init__(self, routes: bool = True, existing: list[str] | None = None) -> None:
        self.routes, self.existing = routes, existing or []
        self.calls: list[tuple[str, str, object]] = []

    def get(self, path: str) -> Response:
        self.calls.append(("GET", path, None))
        if not self.routes:
            return Response(403, {"message": "Missing Authentication Token"})
        return Response(200, {"items": [{"cidr": c} for c in self.existing]})

    def post(self, path: str, payload: object) -> Response:
        self.calls.append(("POST", path, payload))
        if not self.routes:
            return Response(403, {"message": "Missing Authentication Token"})
        return Response(201, payload)


def test_registration_posts_the_domain_then_only_missing_entries() -> None:
    api = StubApi(existing=[demo_registry()[0]["cidr"]])
    assert register_demo(api, lambda _: None)  # type: ignore[arg-type]
    posts: list[tuple[str, Any]] = [(p, body) for m, p, body in api.calls if m == "POST"]
    assert posts[0] == ("/api/domains", {"name": DEMO_DOMAIN, "org": DEMO_ORG})
    assert [b["cidr"] for _, b in posts[1:]] == [e["cidr"] for e in demo_registry()[1:]]


def test_registration_waits_for_the_routes() -> None:
    logged: list[str] = []
    assert not register_demo(StubApi(routes=False), logged.append)  # type: ignore[arg-type]
    assert "cannot register domains yet" in logged[0]
    assert register_demo_rules(StubApi(routes=False), logged.append) is False  # type: ignore[arg-type]


def test_stop_ends_the_whole_process_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "grandchild.pid"
    script = f"import subprocess, time; p = subprocess.Popen(['sleep', '60']); open({str(pidfile)!r}, 'w')" \
             ".write(str(p.pid)); time.sleep(60)"
    child = Child("sleeper", [sys.executable, "-c", script], {}, tmp_path).start()
    deadline = time.monotonic() + 10
    while not pidfile.is_file() or not pidfile.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchild = int(pidfile.read_text())
    child.stop(grace=2)
    assert child.exited() is not None
    time.sleep(0.2)
    state = Path(f"/proc/{grandchild}/stat")
    assert not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_demo_rules_are_posted_once_by_name() -> None:
    bodies = demo_rule_bodies(DEMO_DOMAIN)
    api = StubApi()
    assert register_demo_rules(api, lambda _: None)  # type: ignore[arg-type]
    assert [b for m, _, b in api.calls if m == "POST"] == bodies

    class Existing(StubApi):
        def get(self, path: str) -> Response:
            return Response(200, {"items": [{"name": b["name"]} for b in bodies]})

    again = Existing()
    assert register_demo_rules(again, lambda _: None)  # type: ignore[arg-type]
    assert not [c for c in again.calls if c[0] == "POST"]
