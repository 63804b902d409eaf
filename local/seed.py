"""Loads the demo data set into a running stack, once: registers the demo domain, its IP registry and the demo
alert rules through the API, then drops the raw report e-mails under the bucket's incoming prefix, where they
take the same path as mail from SES (S3 notification -> SQS -> driver -> ingest handler). A marker file in the
data folder records what was done; a later start only adds the days that passed since (no duplicate import)."""
from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from local.api_client import ApiClient, Response
from local.config import StackConfig
from local.demo import DEMO_DAYS, DEMO_DOMAIN, demo_messages, demo_registry
from local.demo import orgs as demo_orgs
from local.demo.alert_rules import demo_rule_bodies
from local.demo.portfolio import CLIENTS, PORTFOLIO_DAYS, client_registry, onboarding_csv, portfolio_messages
from local.resources import Topology, queue_backlog

MARKER = "demo.json"
PUT_THREADS = 4


@dataclass
class DemoState:
    registered: bool = False
    rules: bool = False  # the demo alert rules were added
    orgs: bool = False  # the demo organizations, members and their other domains
    through: str | None = None  # last demo day imported (ISO date)
    messages: int = 0
    history: list[str] = field(default_factory=list)
    portfolio: bool = False  # the portfolio demo's domains were onboarded (local/demo/portfolio.py)
    portfolio_through: str | None = None  # last portfolio demo day imported

    @classmethod
    def load(cls, data_dir: Path) -> DemoState:
        path = data_dir / MARKER
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text())
        return cls(raw.get("registered", False), raw.get("rules", False), raw.get("orgs", False), raw.get("through"),
                   raw.get("messages", 0), raw.get("history", []), raw.get("portfolio", False),
                   raw.get("portfolio_through"))

    def save(self, data_dir: Path) -> None:
        tmp = data_dir / (MARKER + ".part")
        tmp.write_text(json.dumps(self.__dict__, indent=2) + "\n")
        tmp.replace(data_dir / MARKER)


def register_demo(api: ApiClient, log: Callable[[str], None]) -> bool:
    """Adds the demo domain (which claims reports already stored for it) and its registry entries.
    False when the API has no such routes yet."""
    resp = api.post("/api/domains", {"name": DEMO_DOMAIN, "org": demo_orgs.DEMO_ORG})
    if _no_route(resp):
        log(f"the API cannot register domains yet (POST /api/domains -> {resp.status}); skipping registration")
        return False
    if resp.status >= 400:
        raise RuntimeError(f"POST /api/domains -> {resp.status}: {resp.body}")
    claimed = resp.body.get("claimed_days") if isinstance(resp.body, dict) else None
    path = f"/api/domains/{DEMO_DOMAIN}/registry"
    listing = api.get(path)
    if _no_route(listing):
        log(f"the API has no registry routes yet (GET {path} -> {listing.status}); registry not registered")
        return False
    known = {str(e.get("cidr")) for e in _items(listing.body)}
    added = 0
    for entry in demo_registry():
        if entry["cidr"] in known:
            continue
        resp = api.post(path, entry)
        if resp.status >= 400 and resp.status != 409:
            raise RuntimeError(f"POST {path} {entry['cidr']} -> {resp.status}: {resp.body}")
        added += 1
    log(f"demo: registered {DEMO_DOMAIN}" + (f" (claimed {claimed} days already stored)" if claimed else "")
        + f" and {added} IP-registry entries")
    return True


def register_demo_orgs(api: ApiClient, log: Callable[[str], None]) -> bool:
    """The demo organizations (idempotent: 409 means there already), their members, and Northwind's domains
    (one proven, one left for the TXT proof). False when the API has no organization routes yet."""
    for org, name in demo_orgs.ORGS:
        resp = api.post("/api/orgs", {"id": org, "name": name})
        if _no_route(resp):
            log(f"the API has no organization routes yet (POST /api/orgs -> {resp.status})")
            return False
        if resp.status >= 400 and resp.status != 409:
            raise RuntimeError(f"POST /api/orgs {org} -> {resp.status}: {resp.body}")
    for org, user, role in demo_orgs.MEMBERS:
        resp = api.request("PUT", f"/api/orgs/{org}/members/{user}", {"role": role})
        if resp.status >= 400:
            raise RuntimeError(f"PUT member {org}/{user} -> {resp.status}: {resp.body}")
    for domain, org, proven in demo_orgs.DOMAINS:
        resp = api.post("/api/domains", {"name": domain, "org": org, "proven": proven})
        if resp.status >= 400:
            raise RuntimeError(f"POST /api/domains {domain} -> {resp.status}: {resp.body}")
    log(f"demo: {len(demo_orgs.ORGS)} organizations, {len(demo_orgs.MEMBERS)} members, "
        f"{len(demo_orgs.DOMAINS)} more domains")
    return True


def register_demo_rules(api: ApiClient, log: Callable[[str], None]) -> bool:
    """Adds the demo alert rules of local.demo.alert_rules (by name, once). False while the API has no alert
    routes."""
    path = f"/api/domains/{DEMO_DOMAIN}/alerts/rules"
    listing = api.get(path)
    if _no_route(listing):
        log(f"the API has no alert routes yet (GET {path} -> {listing.status}); demo rules not added")
        return False
    if listing.status >= 400:
        raise RuntimeError(f"GET {path} -> {listing.status}: {listing.body}")
    names = {str(r.get("name")) for r in _items(listing.body)}
    added = 0
    for body in demo_rule_bodies(DEMO_DOMAIN):
        if str(body.get("name")) in names:
            continue
        resp = api.post(path, body)
        if resp.status >= 400:
            raise RuntimeError(f"POST {path} -> {resp.status}: {resp.body}")
        added += 1
    log(f"demo: {added} alert rule(s) added for {DEMO_DOMAIN}")
    return True


def register_portfolio(api: ApiClient, log: Callable[[str], None]) -> bool:
    """Onboards the portfolio demo's domains in one CSV (POST /api/onboarding), then each one's registry entries
    and, for every other domain, the demo alert rules. False when the API has no onboarding route."""
    resp = api.post_csv("/api/onboarding", onboarding_csv())
    if _no_route(resp):
        log(f"the API cannot onboard domains yet (POST /api/onboarding -> {resp.status}); no portfolio demo")
        return False
    if resp.status >= 400:
        raise RuntimeError(f"POST /api/onboarding -> {resp.status}: {resp.body}")
    for n, client in enumerate(CLIENTS):
        path = f"/api/domains/{client.name}/registry"
        for entry in client_registry(client):
            added = api.post(path, entry)
            if added.status >= 400 and added.status != 409:
                raise RuntimeError(f"POST {path} {entry['cidr']} -> {added.status}: {added.body}")
        for body in demo_rule_bodies(client.name) if n % 2 == 0 else ():
            api.post(f"/api/domains/{client.name}/alerts/rules", body)
    log(f"demo: onboarded {len(CLIENTS)} portfolio domains (with their registries and alert rules)")
    return True


def _no_route(resp: Response) -> bool:
    """chalice local (like API Gateway) answers an unknown route with 403 "Missing Authentication Token"."""
    return resp.status in (404, 405) or (resp.status == 403 and "Missing Authentication Token" in str(resp.body))


def _items(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return [e for e in body if isinstance(e, dict)]
    if isinstance(body, dict):
        for key in ("entries", "items", "registry"):
            if isinstance(body.get(key), list):
                return _items(body[key])
    return []


def import_mail(s3: Any, sqs: Any, queue_url: str, topology: Topology, state: DemoState, today: date,
                log: Callable[[str], None], days: int = DEMO_DAYS, timeout: float = 600) -> int:
    """Puts the demo mail not yet imported into S3 (the portfolio demo's too, once its domains are onboarded)
    and waits until the driver has drained the queue."""
    after = date.fromisoformat(state.through) if state.through else None

    def put(item: tuple[str, bytes]) -> None:
        s3.put_object(Bucket=topology.bucket, Key=topology.incoming_prefix + item[0], Body=item[1])

    with ThreadPoolExecutor(PUT_THREADS) as pool:
        count = sum(1 for _ in pool.map(put, demo_messages(today, after=after, days=days)))
    if not count:
        return 0
    log(f"demo: {count} report e-mails dropped in s3://{topology.bucket}/{topology.incoming_prefix}; ingesting...")
    log(f"demo: ingested in {_drain(sqs, queue_url, timeout)}")
    state.through = (today - timedelta(days=1)).isoformat()
    state.messages += count
    state.history.append(f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} imported {count} messages")
    return count


def import_portfolio_mail(s3: Any, sqs: Any, queue_url: str, topology: Topology, state: DemoState, today: date,
                          log: Callable[[str], None], timeout: float = 900) -> int:
    """The portfolio demo's mail not yet imported (after the main demo's, so that one is ready first)."""
    since = date.fromisoformat(state.portfolio_through) if state.portfolio_through else None

    def put(item: tuple[str, bytes]) -> None:
        s3.put_object(Bucket=topology.bucket, Key=topology.incoming_prefix + item[0], Body=item[1])

    with ThreadPoolExecutor(PUT_THREADS) as pool:
        count = sum(1 for _ in pool.map(put, portfolio_messages(today, since, PORTFOLIO_DAYS)))
    state.portfolio_through = (today - timedelta(days=1)).isoformat()
    if count:
        log(f"demo: {count} portfolio report e-mails dropped; ingesting...")
        log(f"demo: portfolio ingested in {_drain(sqs, queue_url, timeout)}")
    else:
        log("demo: portfolio demo already imported")
    return count


def _drain(sqs: Any, queue_url: str, timeout: float) -> str:
    """Waits until the driver has drained the queue (at most `timeout` s); says how long it took."""
    started = time.monotonic()
    while queue_backlog(sqs, queue_url) and time.monotonic() - started < timeout:
        time.sleep(1)
    left = queue_backlog(sqs, queue_url)
    return f"{time.monotonic() - started:.0f} s" + (f" ({left} still queued)" if left else "")


def operator_token(config: StackConfig) -> str | None:
    """With ALIGNED_AUTH=local the seeding signs in as an operator (the API answers 401 without a token)."""
    from chalicelib.settings import Settings

    settings = Settings.from_env(config.child_env())
    if settings.auth.mode != "local":
        return None
    from chalicelib.access.tokens import sign
    from chalicelib.adapters.token_key import signing_key
    from chalicelib.cli_token import claims

    return sign(claims("local-seed", operator=True), signing_key(settings.auth.key_file))


def seed(config: StackConfig, topology: Topology, queue_url: str, log: Callable[[str], None]) -> None:
    """The demo seeding of a started stack (run in a thread): registration, rules, then the mail."""
    import boto3

    state = DemoState.load(config.data_dir)
    # adding a domain claims its stored reports: can take a while
    api = ApiClient(config.api_url, timeout=600, token=operator_token(config))
    try:
        if not state.orgs:
            state.orgs = register_demo_orgs(api, log)
            state.save(config.data_dir)
        if not state.registered:
            state.registered = register_demo(api, log)
            state.save(config.data_dir)
        if state.registered and not state.rules:
            state.rules = register_demo_rules(api, log)
            state.save(config.data_dir)
        if config.portfolio_demo and not state.portfolio:
            state.portfolio = register_portfolio(api, log)
            state.save(config.data_dir)
    except Exception:
        log(f"demo registration failed (the mail is imported anyway):\n{traceback.format_exc()}")
    try:
        if import_mail(boto3.client("s3"), boto3.client("sqs"), queue_url, topology, state, date.today(), log,
                       days=config.demo_days):
            state.save(config.data_dir)
        else:
            log(f"demo data set already imported ({state.messages} messages through {state.through})")
        if config.portfolio_demo and state.portfolio:
            import_portfolio_mail(boto3.client("s3"), boto3.client("sqs"), queue_url, topology, state, date.today(),
                                  log)
            state.save(config.data_dir)
    except Exception:
        log(f"demo import failed:\n{traceback.format_exc()}")
