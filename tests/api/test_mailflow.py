"""GET /policy (per-reporter policy and drift) and /providers (mailbox-provider requirements), JSON and CSV, on
reports ingested through the real ingest:
  2026-03-01..03  google.com  p=none                                 (every day)
  2026-03-01..03  Yahoo       p=none on the 1st, p=reject t=y on the 2nd and 3rd (a second record) psl
  2026-03-03      Outlook.com p=none, 30 messages from a sender whose DKIM fails (SPF passes, aligned)"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalice.test import Client

from tests.api.conftest import ingest
from tests.api.test_analyses import get, post

D = "/api/domains/example.com"
RANGE = "from=2026-03-01&to=2026-03-03"
DAY0 = datetime(2026, 3, 1, tzinfo=UTC)


def _report(org: str, n: int, policy: str, records: str, version: str = "") -> str:
    begin = DAY0 + timedelta(days=n)
    end = begin + timedelta(days=1, seconds=-1)
    return (f"<?xml version='1.0'?><feedback{version}><report_metadata><org_name>{org}</org_name>"
            f"<email>x@{org.lower()}</email><report_id>{org}-{n}</report_id><date_range>"
            f"<begin>{int(begin.timestamp())}</begin><end>{int(end.timestamp())}</end></date_range></report_metadata>"
            f"<policy_published><domain>example.com</domain>{policy}</policy_published>{records}</feedback>")


def _record(ip: str, count: int, dkim: str, dkim_result: str = "pass") -> str:
    aligned = "pass" if dkim_result == "pass" and dkim == "example.com" else "fail"
    return (f"<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none"
            f"</disposition><dkim>{aligned}</dkim><spf>pass</spf></policy_evaluated></row><identifiers>"
            f"<header_from>example.com</header_from></identifiers><auth_results><dkim><domain>{dkim}</domain>"
            f"<selector>s1</selector><result>{dkim_result}</result></dkim><spf><domain>example.com</domain>"
            f"<scope>mfrom</scope><result>pass</result></spf></auth_results></record>")


GOOD = _record("192.0.2.10", 100, "example.com")
NS = ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"'


def loaded(api: Client) -> Client:
    post(api, "/api/domains", {"name": "example.com"})
    for n in range(3):
        ingest(_report("google.com", n, "<p>none</p><sp>none</sp>", GOOD), f"incoming/g{n}.xml")
        yahoo = "<p>none</p>" if n == 0 else "<p>reject</p><testing>y</testing><discovery_method>psl</discovery_method>"
        ingest(_report("Yahoo", n, yahoo, GOOD, NS if n else ""), f"incoming/y{n}.xml")
    ingest(_report("Outlook.com", 2, "<p>none</p><fo>1</fo>",
                   GOOD + _record("198.51.100.5", 30, "example.com", "fail")), "incoming/o2.xml")
    return api


def test_policy_per_reporter_and_drift(api: Client) -> None:
    client = loaded(api)
    body = get(client, f"{D}/policy?{RANGE}")
    assert body["latest"]["p"] == "none" and body["latest_since"] == "2026-03-01" and body["drift"] is True
    rows = {r["reporter"]: r for r in body["reporters"]}
    assert set(rows) == {"google.com", "Yahoo", "Outlook.com"}
    yahoo = rows["Yahoo"]
    assert (yahoo["policy"]["p"], yahoo["policy"]["testing"], yahoo["policy"]["discovery_method"]) == (
        "reject", "y", "psl")
    assert yahoo["last_seen"] == "2026-03-03" and yahoo["reports"] == 3
    assert {"field": "p", "seen": "reject", "latest": "none"} in yahoo["differences"]
    assert rows["google.com"]["differences"] == [] and rows["Outlook.com"]["policy"]["fo"] == "1"
    [finding] = body["findings"]
    assert (finding["reporter"], finding["days"], finding["lasting"]) == ("Yahoo", 2, True)
    assert (finding["first_day"], finding["last_day"]) == ("2026-03-02", "2026-03-03")

    one_day = get(client, f"{D}/policy?from=2026-03-01&to=2026-03-02")
    assert one_day["drift"] is False and one_day["findings"][0]["days"] == 1

    csv = client.http.get(f"{D}/policy?{RANGE}&format=csv&table=findings")
    assert csv.headers["Content-Type"].startswith("text/csv")
    lines = csv.body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reporter,p,sp,np,adkim,aspf,pct,fo,testing,discovery_method,differences")
    assert lines[1].startswith("Yahoo,reject,") and "p=reject(none)" in lines[1] and lines[1].endswith(",true")
    reporters = client.http.get(f"{D}/policy?{RANGE}&format=csv").body.decode("utf-8-sig").splitlines()
    assert len(reporters) == 4 and reporters[0].endswith("last_seen,reports,differences")


def test_providers_json_and_csv(api: Client) -> None:
    client = loaded(api)
    body = get(client, f"{D}/providers?{RANGE}")
    rows = {p["provider"]: p for p in body["providers"]}
    assert (rows["google"]["messages"], rows["google"]["non_compliant"], rows["google"]["refused"]) == (300, 0, 0)
    microsoft = rows["microsoft"]
    assert (microsoft["messages"], microsoft["non_compliant"], microsoft["bulk"]) == (130, 30, False)
    assert microsoft["refused"] == 0 and microsoft["smtp_reply"].startswith("550 5.7.515")
    assert microsoft["senders"][0]["missing"] == [{"requirement": "dkim_pass", "messages": 30}]
    assert any(s.startswith("docs: https://") for s in microsoft["sources"])
    worst = body["senders"][0]
    assert worst["non_compliant"] == 30 and worst["by_provider"][0]["name"] == "microsoft"
    assert worst["sources"][0]["name"] == "198.51.100.5"
    ja = get(client, f"{D}/providers?{RANGE}&lang=ja")
    assert ja["providers"][2]["name"].startswith("Outlook.com（Microsoft")

    csv = client.http.get(f"{D}/providers?{RANGE}&format=csv").body.decode("utf-8-sig").splitlines()
    assert csv[0].startswith("provider,name,reporters,messages,compliant,non_compliant")
    assert csv[3].startswith("microsoft,Outlook.com (Microsoft consumer),Outlook.com,130,100,30,")
    senders = client.http.get(f"{D}/providers?{RANGE}&format=csv&table=senders").body.decode("utf-8-sig")
    assert "dkim_pass:30" in senders and "microsoft:30" in senders


def test_bad_parameters_and_unknown_domain(api: Client) -> None:
    loaded(api)
    for path in ("policy", "providers"):
        bad = api.http.get(f"{D}/{path}?{RANGE}&format=csv&table=nope")
        assert bad.status_code == 400 and bad.json_body["error"] == "invalid_choice"
        assert api.http.get(f"/api/domains/nowhere.example/{path}").status_code == 404
    assert api.http.get(f"{D}/providers?lang=fr").json_body["field"] == "lang"
