"""GET /api/domains/{domain}/plan on the two hand-written reports of tests/api/known.py, with a fixed zone for the
live DMARC record. Google saw p=none sp=none (2026-03-01), Yahoo p=quarantine sp=reject adkim=s (2026-03-02)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from chalice.test import Client

from chalicelib.adapters.dns import ZoneResolver
from chalicelib.settings import Mail
from tests.api.conftest import RUA, ingest
from tests.api.known import RANGE, REPORT_A, REPORT_B
from tests.api.test_analyses import D, get, post
from tests.storage.conftest import BUCKET, fresh_settings, installed

LIVE = ("v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=50; rua=mailto:agg@example.com; "
        "ruf=mailto:forensic@example.com; fo=1; rf=afrf; foo=bar")


@pytest.fixture
def planned() -> Iterator[Client]:
    from moto import mock_aws

    config = replace(fresh_settings(), mail=Mail("aligned.invalid", RUA))
    zone = ZoneResolver({"_dmarc.example.com": {"TXT": [LIVE]}, "example.com": {"A": ["192.0.2.1"]}})
    with mock_aws(), installed(config, resolver=zone) as built:
        built.s3_client.create_bucket(Bucket=BUCKET)
        import app as app_module

        with Client(app_module.app) as client:
            ingest(REPORT_A, "incoming/a.xml")
            ingest(REPORT_B, "incoming/b.xml")
            post(client, "/api/domains", {"name": "example.com"})
            post(client, D + "/registry", {"cidr": "192.0.2.0/24", "tag": "mail-server"})
            post(client, D + "/registry", {"cidr": "198.51.100.0/24", "tag": "esp"})
            yield client


def test_the_plan_from_the_reports_and_the_live_record(planned: Client) -> None:
    p = get(planned, f"{D}/plan?{RANGE}")
    current = p["current"]
    # The current published policy: Yahoo's, the only report of the last day. google.com's p=none came the day
    # before: history, not a reporter that differs (no drift finding).
    assert (current["reporters"], current["differing"]) == (2, [])
    assert (current["source"], current["agree"], current["stage"]["name"]) == ("reports", True, "quarantine")
    # Next: reject with t=y; sp=reject asks no more than the new p and is left out; adkim=s stays.
    assert p["next"]["name"] == "reject_testing"
    assert p["proposal"] == {"p": "reject", "sp": None, "np": None, "t": True, "adkim": "s", "aspf": "r"}
    assert p["measured"]["t"] is False
    # Own mail: mail-server 150 (passes), esp 30 (fails both days): 20 of 120 and 10 of 60, 16.67 % each day.
    assert (p["own_messages"], p["own_hit"], p["own_hit_pct"]) == (180, 30, 16.67)
    assert [(d["day"], d["own"], d["own_hit"], d["within"]) for d in p["daily"]] == [
        ("2026-03-01", 120, 20, False), ("2026-03-02", 60, 10, False)]
    criteria = {c["code"]: c for c in p["criteria"]}
    assert (criteria["own_hit_days"]["met"], criteria["own_hit_days"]["value"],
            criteria["own_hit_days"]["required"]) == (False, 0, 14)
    # Only mail-server reaches the volume (100): it is aligned. esp (30 messages) is below it.
    assert (criteria["senders_aligned"]["met"], criteria["senders_aligned"]["value"],
            criteria["senders_aligned"]["required"]) == (True, 1, 1)
    assert (criteria["reporters"]["met"], criteria["reporters"]["value"]) == (True, 2)
    assert p["ready"] is False
    [esp] = p["senders"]
    assert (esp["name"], esp["hit"], esp["hit_pct"], esp["share_pct"], esp["pattern"]) == ("esp", 30, 100.0, 100.0, 1)
    assert esp["fixes"][0]["kind"] == "advice" and esp["fixes"][0]["text"]
    # The record: pct, rf and an unknown tag dropped; rua, ruf and fo kept; this deployment's rua added.
    assert p["record"]["name"] == "_dmarc.example.com"
    assert p["record"]["value"] == (f"v=DMARC1; p=reject; t=y; adkim=s; fo=1; rua=mailto:agg@example.com,"
                                   f"mailto:{RUA}; ruf=mailto:forensic@example.com")
    assert (p["record"]["dropped"], p["record"]["rua_added"], p["live_record"]) == (["pct", "rf", "foo"], True, LIVE)


def test_fix_texts_in_japanese_and_the_csv(planned: Client) -> None:
    ja = get(planned, f"{D}/plan?{RANGE}&lang=ja")
    en = get(planned, f"{D}/plan?{RANGE}")
    assert ja["senders"][0]["fixes"][0]["text"] != en["senders"][0]["fixes"][0]["text"]
    response = planned.http.get(f"{D}/plan?{RANGE}&format=csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    lines = response.body.decode("utf-8-sig").splitlines()
    assert lines[0] == "sender,tag,service,service_name,messages,hit,hit_pct,share_pct,pattern,fix,docs"
    assert lines[1].startswith("esp,esp,,Unidentified sources,30,30,100.0,100.0,1,")
    body = json.loads(planned.http.get(f"{D}/plan?{RANGE}&lang=fr").body)
    assert (body["error"], body["field"]) == ("invalid_choice", "lang")
    assert planned.http.get("/api/domains/unknown.example/plan").status_code == 404


def test_no_report_in_range_takes_the_live_record(planned: Client) -> None:
    p = get(planned, f"{D}/plan?from=2026-01-01&to=2026-01-02")
    assert (p["current"]["source"], p["current"]["stage"]["name"], p["next"]["name"]) == (
        "dns", "quarantine", "reject_testing")
    assert p["own_messages"] == 0 and p["senders"] == [] and p["ready"] is False
