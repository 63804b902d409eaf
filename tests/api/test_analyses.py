"""Each analysis computed by hand from tests/api/known.py and compared with the API's answer."""
from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.api.conftest import ingest
from tests.api.known import RANGE, REPORT_A, REPORT_B

D = "/api/domains/example.com"


def get(client: Client, path: str, status: int = 200) -> Any:
    response = client.http.get(path)
    assert response.status_code == status, response.body
    return json.loads(response.body)


def post(client: Client, path: str, body: dict[str, Any], status: int = 201) -> Any:
    response = client.http.post(path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.body
    return json.loads(response.body) if response.body else None


@pytest.fixture
def loaded(api: Client) -> Client:
    """Reports arrive before the domain is added (stored unclaimed); adding it makes them analysable."""
    ingest(REPORT_A, "incoming/a.xml")
    ingest(REPORT_B, "incoming/b.xml")
    added = post(api, "/api/domains", {"name": "Example.COM."})
    assert added["name"] == "example.com" and added["claimed_days"] == 2
    post(api, D + "/registry", {"cidr": "192.0.2.0/24", "tag": "mail-server"})
    post(api, D + "/registry", {"cidr": "198.51.100.0/24", "tag": "esp", "comment": "newsletter ESP"})
    return api


def test_overview(loaded: Client) -> None:
    o = get(loaded, f"{D}/overview?{RANGE}")
    assert (o["from"], o["to"], o["messages"], o["sources"]) == ("2026-03-01", "2026-03-02", 190, 4)
    assert (o["dmarc_pass"], o["dmarc_fail"], o["dmarc_pass_pct"]) == (150, 40, 78.95)  # 150/190
    assert (o["spf_auth"], o["spf_aligned"]) == (173, 150)  # SPF pass: 100 + 20 + 50 + 3
    assert (o["dkim_auth"], o["dkim_aligned"]) == (180, 150)  # DKIM pass: 100 + 20 + 50 + 10
    assert [(d["name"], d["messages"]) for d in o["dispositions"]] == [("none", 177), ("quarantine", 13)]
    assert [(r["name"], r["messages"]) for r in o["reporters"]] == [("google.com", 127), ("Yahoo", 63)]
    assert [(p["day"], p["total"], p["passed"], p["failed"]) for p in o["daily"]] == [
        ("2026-03-01", 127, 100, 27), ("2026-03-02", 63, 50, 13)]
    policy = o["policy"]  # from the latest report in range (Yahoo's, 2026-03-02)
    assert (policy["p"], policy["sp"], policy["pct"], policy["adkim"], policy["aspf"]) == (
        "quarantine", "reject", 50, "s", "r")
    assert o["policy_source"]["reporter"] == "Yahoo"
    first_day = get(loaded, f"{D}/overview?from=2026-03-01&to=2026-03-01")
    assert first_day["messages"] == 127 and first_day["policy"]["p"] == "none"


def test_patterns_and_a_registry_edit_moving_spoofing_to_tagged(loaded: Client) -> None:
    p = get(loaded, f"{D}/patterns?{RANGE}")
    rows = {r["pattern"]: r for r in p["rows"]}
    assert [(rows[i]["messages"], rows[i]["tagged"], rows[i]["spoofing"]) for i in (1, 2, 3, 4)] == [
        (20, 20, 0), (10, 10, 0), (3, 0, 3), (7, 0, 7)]
    assert [rows[i]["pct"] for i in (1, 2, 3, 4)] == [10.53, 5.26, 1.58, 3.68]  # of 190
    assert (p["dmarc_fail"], p["tagged_fail"], p["spoofing_fail"]) == (40, 30, 10)
    assert rows[1]["tags"][0]["name"] == "esp"
    assert rows[1]["advice"]["ja"]["title"] and rows[1]["advice"]["en"]["fix"]

    post(loaded, D + "/registry", {"cidr": "203.0.113.0/28", "tag": "newsletter"})
    after = {r["pattern"]: r for r in get(loaded, f"{D}/patterns?{RANGE}")["rows"]}
    assert [(after[i]["tagged"], after[i]["spoofing"]) for i in (3, 4)] == [(3, 0), (7, 0)]
    assert get(loaded, f"{D}/spoofing?{RANGE}")["sources"] == 0

    loaded.http.delete(D + "/registry/203.0.113.0_28")
    again = {r["pattern"]: r for r in get(loaded, f"{D}/patterns?{RANGE}")["rows"]}
    assert [(again[i]["tagged"], again[i]["spoofing"]) for i in (3, 4)] == [(0, 3), (0, 7)]


def test_tags(loaded: Client) -> None:
    rows = get(loaded, f"{D}/tags?{RANGE}")["rows"]
    assert [r["tag"] for r in rows] == ["mail-server", "esp", None]
    server, esp, untagged = rows
    assert (server["messages"], server["dmarc_pass"], server["dmarc_fail"], server["sources"]) == (150, 150, 0, 1)
    assert (esp["messages"], esp["spf_pass"], esp["spf_fail"], esp["dkim_pass"], esp["dmarc_fail"]) == (
        30, 20, 10, 30, 30)
    assert esp["patterns"] == [20, 10, 0, 0]
    assert (untagged["messages"], untagged["spf_pass"], untagged["dkim_pass"], untagged["sources"]) == (10, 3, 0, 2)
    assert untagged["patterns"] == [0, 0, 3, 7]
    assert esp["daily"] == {"first": "2026-03-01", "total": [20, 10], "passed": [0, 0], "failed": [20, 10],
                            "unknown": [0, 0]}


def test_spoofing_paged(loaded: Client) -> None:
    first = get(loaded, f"{D}/spoofing?{RANGE}&limit=1")
    assert (first["sources"], first["unregistered_messages"], first["unregistered_fail"]) == (2, 10, 10)
    [top] = first["items"]
    assert (top["source_ip"], top["messages"], top["dmarc_fail"], top["spf_fail"], top["dkim_fail"]) == (
        "203.0.113.7", 7, 7, 7, 7)
    assert (top["patterns"], top["reporters"], top["first_day"], top["last_day"]) == (
        [0, 0, 0, 7], ["google.com"], "2026-03-01", "2026-03-01")
    assert (top["header_from"], top["dkim_domains"]) == (["example.com"], ["example.com"])
    assert first["next_offset"] == 1
    second = get(loaded, f"{D}/spoofing?{RANGE}&limit=1&offset=1")
    [other] = second["items"]
    assert (other["source_ip"], other["messages"], other["patterns"], other["envelope_from"]) == (
        "203.0.113.8", 3, [0, 0, 3, 0], ["spoof.example"])
    assert second["next_offset"] is None


def test_readiness(loaded: Client) -> None:
    r = get(loaded, f"{D}/readiness?{RANGE}")
    assert (r["own_messages"], r["own_hit"], r["unregistered_messages"], r["unregistered_hit"]) == (180, 30, 10, 10)
    assert (r["verdict"], r["blocking_tags"]) == ("not_ready", ["esp"])
    assert [(t["tag"], t["would_be_hit"], t["hit_pct"]) for t in r["tags"]] == [("esp", 30, 100.0),
                                                                               ("mail-server", 0, 0.0)]


def test_drilldown_paged(loaded: Client) -> None:
    spoof4 = get(loaded, f"{D}/facts?{RANGE}&pattern=4&registered=false")
    assert (spoof4["total_facts"], spoof4["total_messages"]) == (1, 7)
    assert spoof4["items"][0]["source_ip"] == "203.0.113.7" and spoof4["items"][0]["tag"] is None
    esp = get(loaded, f"{D}/facts?{RANGE}&tag=esp&limit=1")
    assert (esp["total_facts"], esp["total_messages"], esp["next_offset"]) == (2, 30, 1)
    assert (esp["items"][0]["count"], esp["items"][0]["pattern"], esp["items"][0]["tag"]) == (20, 1, "esp")
    rest = get(loaded, f"{D}/facts?{RANGE}&tag=esp&limit=1&offset=1")
    assert (rest["items"][0]["count"], rest["items"][0]["pattern"], rest["next_offset"]) == (10, 2, None)
    by_ip = get(loaded, f"{D}/facts?{RANGE}&source_ip=192.0.2.10&dmarc=pass")
    assert by_ip["total_messages"] == 150
    untagged = get(loaded, f"{D}/facts?{RANGE}&tag=(untagged)")
    assert untagged["total_messages"] == 10


def test_default_range_is_the_30_days_ending_today(loaded: Client) -> None:
    o = get(loaded, f"{D}/overview")
    assert len(o["daily"]) == 30 and o["to"] >= "2026-03-02"


@pytest.mark.parametrize("name", ["overview", "patterns", "tags", "spoofing", "readiness", "facts"])
def test_csv_downloads(loaded: Client, name: str) -> None:
    response = loaded.http.get(f"{D}/{name}?{RANGE}&format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="aligned-example.com-{name}{"-summary" if name == "overview" else ""}'
        '-2026-03-01-2026-03-02.csv"')
    assert response.body.startswith(b"\xef\xbb\xbf")
    lines = response.body.decode("utf-8-sig").splitlines()
    expected_rows = {"patterns": 4, "tags": 3, "spoofing": 2, "readiness": 3, "facts": 6}
    if name in expected_rows:
        assert len(lines) == 1 + expected_rows[name], lines


def test_csv_contents(loaded: Client) -> None:
    ja = loaded.http.get(f"{D}/patterns?{RANGE}&format=csv&lang=ja").body.decode("utf-8-sig").splitlines()
    assert ja[0].startswith("pattern,title,messages")
    assert ja[4].startswith("4,") and ",7," in ja[4]
    daily = loaded.http.get(f"{D}/overview?{RANGE}&format=csv&table=daily").body.decode("utf-8-sig").splitlines()
    assert daily == ["day,total,dmarc_pass,dmarc_fail,dmarc_unknown", "2026-03-01,127,100,27,0",
                     "2026-03-02,63,50,13,0"]
    spoof = loaded.http.get(f"{D}/spoofing?{RANGE}&format=csv").body.decode("utf-8-sig").splitlines()
    assert spoof[1].startswith("203.0.113.7,7,") and spoof[2].startswith("203.0.113.8,3,")


def test_analyses_do_not_read_the_registry_again_while_it_is_unchanged(loaded: Client) -> None:
    from chalicelib import wiring

    service = wiring.container().registry_service
    first = service.matcher("example.com")
    assert service.matcher("example.com") is first
    post(loaded, D + "/registry", {"cidr": "2001:db8::/32", "tag": "v6"})
    assert service.matcher("example.com") is not first


def test_a_record_says_who_sent_it(loaded: Client) -> None:
    """Report A's 198.51.100.5: DKIM d=esp.example/k1 pass, SPF bounce.esp.example (mfrom) pass, no override."""
    esp = get(loaded, f"{D}/facts?{RANGE}&source_ip=198.51.100.5&reporter=google.com")["items"][0]
    assert esp["dkim"] == [{"domain": "esp.example", "selector": "k1", "result": "pass"}]
    assert esp["spf"] == {"domain": "bounce.esp.example", "scope": "mfrom"} and esp["overrides"] == []
    assert esp["route"] is None and "detail" not in esp
    own = get(loaded, f"{D}/facts?{RANGE}&source_ip=192.0.2.10&reporter=google.com")["items"][0]
    assert own["service"] == "own"  # DKIM and SPF of example.com itself
    csv = loaded.http.get(f"{D}/facts?{RANGE}&source_ip=198.51.100.5&format=csv").body.decode("utf-8-sig")
    header = csv.splitlines()[0].split(",")
    assert header[-7:] == ["reverse_dns", "service", "route", "dkim", "spf_domain", "spf_scope", "override_reasons"]
    assert "esp.example/k1/pass" in csv
