"""GET/POST /api/domains/{domain}/posture on moto, the DNS answered by a zone."""
from __future__ import annotations

import json

from chalice.test import Client

from chalicelib import wiring
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.https import ZoneFetcher


def test_check_on_demand_then_read(api: Client) -> None:
    built = wiring.container()
    built.__dict__["resolver"] = ZoneResolver({"example.com": {"TXT": ["v=spf1 +all"]}})
    built.__dict__["fetcher"] = ZoneFetcher({})
    api.http.post("/api/domains", body=json.dumps({"name": "example.com"}),
                  headers={"Content-Type": "application/json"})
    assert json.loads(api.http.get("/api/domains/example.com/posture").body) == {"check": None, "history": []}
    done = json.loads(api.http.post("/api/domains/example.com/posture").body)
    first = done["check"]["findings"][0]
    assert (first["code"], first["severity"], done["check"]["worst"]) == ("spf_pass_all", "critical", "critical")
    assert first["text"]["en"]["fix"] and first["text"]["ja"]["title"]
    codes = {f["code"] for f in done["check"]["findings"]}
    assert {"dmarc_missing", "mta_sts_missing", "tls_rpt_missing", "bimi_missing"} <= codes
    again = json.loads(api.http.get("/api/domains/example.com/posture").body)
    assert again["check"] == done["check"]
    assert api.http.post("/api/domains/unknown.example/posture").status_code == 404
