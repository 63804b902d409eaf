"""GET /senders and /selectors (JSON and CSV), the `service` filter of /facts, and registry entries naming a
service through the API, on one hand-written report ingested through the real ingest (identification included):
  192.0.2.10    100  SPF+DKIM pass for example.com (s1)            -> own, DMARC pass
  198.51.100.5   30  DKIM pass d=sendgrid.net s=smtpapi, SPF pass for bounces.sendgrid.net -> sendgrid, pattern 1
  203.0.113.7     5  SPF fail, DKIM fail d=example.com s1          -> unidentified, pattern 4"""
from __future__ import annotations

from chalice.test import Client

from tests.api.conftest import ingest
from tests.api.test_analyses import get, post

D = "/api/domains/example.com"
RANGE = "from=2026-03-01&to=2026-03-01"


def _record(ip: str, n: int, verdict: str, dkim: tuple[str, str, str], spf: tuple[str, str]) -> str:
    return (f"<record><row><source_ip>{ip}</source_ip><count>{n}</count><policy_evaluated><disposition>none"
            f"</disposition><dkim>{verdict}</dkim><spf>{verdict}</spf></policy_evaluated></row><identifiers>"
            f"<header_from>example.com</header_from></identifiers><auth_results><dkim><domain>{dkim[0]}</domain>"
            f"<selector>{dkim[1]}</selector><result>{dkim[2]}</result></dkim><spf><domain>{spf[0]}</domain>"
            f"<scope>mfrom</scope><result>{spf[1]}</result></spf></auth_results></record>")


REPORT = ("<?xml version='1.0'?><feedback><report_metadata><org_name>google.com</org_name><email>x@google.com"
          "</email><report_id>s-1</report_id><date_range><begin>1772323200</begin><end>1772409599</end></date_range>"
          "</report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>"
          + _record("192.0.2.10", 100, "pass", ("example.com", "s1", "pass"), ("example.com", "pass"))
          + _record("198.51.100.5", 30, "fail", ("sendgrid.net", "smtpapi", "pass"), ("bounces.sendgrid.net", "pass"))
          + _record("203.0.113.7", 5, "fail", ("example.com", "s1", "fail"), ("example.com", "fail"))
          + "</feedback>")


def loaded(api: Client) -> Client:
    post(api, "/api/domains", {"name": "example.com"})
    ingest(REPORT, "incoming/s.xml")
    return api


def test_senders_json_csv_and_drill_down(api: Client) -> None:
    client = loaded(api)
    body = get(client, f"{D}/senders?{RANGE}")
    assert (body["domain"], body["messages"], body["named_pct"]) == ("example.com", 135, 96.3)
    rows = {r["service"]: r for r in body["rows"]}
    assert [r["service"] for r in body["rows"]] == ["own", "sendgrid", ""]
    grid = rows["sendgrid"]
    assert (grid["messages"], grid["dmarc_pass_pct"], grid["patterns"], grid["tagged"]) == (30, 0.0, [30, 0, 0, 0], 0)
    assert grid["sources"] == [{"ip": "198.51.100.5", "ptr": "", "messages": 30, "tag": None}]
    assert grid["reporters"][0]["name"] == "google.com"
    assert "s1._domainkey.example.com CNAME" in grid["fixes"][0]["text"] and grid["docs"].startswith("https://")
    assert rows[""]["patterns"] == [0, 0, 0, 5]
    ja = get(client, f"{D}/senders?{RANGE}&lang=ja")
    assert ja["rows"][0]["name"] == "自社インフラ" and "アライン" in ja["rows"][1]["fixes"][0]["text"]

    csv = client.http.get(f"{D}/senders?{RANGE}&format=csv")
    assert csv.headers["Content-Type"].startswith("text/csv")
    lines = csv.body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("service,name,category,messages,pct,dmarc_pass")
    assert lines[2].startswith("sendgrid,SendGrid,esp,30,22.22,0,0.0,")

    facts = get(client, f"{D}/facts?{RANGE}&service=sendgrid")
    assert (facts["total_facts"], facts["total_messages"]) == (1, 30)
    assert get(client, f"{D}/facts?{RANGE}&service=")["total_messages"] == 5  # the unidentified


def test_selectors_json_and_csv(api: Client) -> None:
    client = loaded(api)
    body = get(client, f"{D}/selectors?{RANGE}")
    rows = [(r["domain"], r["selector"], r["own"], r["messages"], r["passed"], r["services"]) for r in body["rows"]]
    assert rows == [("example.com", "s1", True, 105, 100, ["own", ""]),
                    ("sendgrid.net", "smtpapi", False, 30, 30, ["sendgrid"])]
    assert body["rows"][0]["first_seen"] == "2026-03-01"
    lines = client.http.get(f"{D}/selectors?{RANGE}&format=csv").body.decode("utf-8-sig").splitlines()
    assert lines[1] == "example.com,s1,true,2026-03-01,2026-03-01,1,105,100,95.24,own -"


def test_registering_a_service_tags_its_mail(api: Client) -> None:
    client = loaded(api)
    entry = post(client, D + "/registry", {"cidr": "service:SendGrid", "tag": "newsletter"})
    assert (entry["cidr"], entry["tag"]) == ("service:sendgrid", "newsletter")
    grid = get(client, f"{D}/senders?{RANGE}")["rows"][1]
    assert (grid["tagged"], grid["tags"]) == (30, ["newsletter"])
    patterns = {r["pattern"]: r for r in get(client, f"{D}/patterns?{RANGE}")["rows"]}
    assert (patterns[1]["tagged"], patterns[1]["spoofing"]) == (30, 0)
    response = client.http.post(D + "/registry", body='{"cidr": "service:nope", "tag": "x"}',
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert b'"unknown_service"' in response.body and b'"cidr"' in response.body
    exported = client.http.get(D + "/registry/export").body
    assert "service:sendgrid,newsletter," in (exported if isinstance(exported, str) else exported.decode("utf-8-sig"))
    deleted = client.http.delete(D + "/registry/service:sendgrid")
    assert deleted.status_code == 204, deleted.body
