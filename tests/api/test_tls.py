"""GET /api/domains/{domain}/tls on moto: TLS reports ingested through the real use case."""
from __future__ import annotations

import json

from chalice.test import Client

from chalicelib import wiring
from chalicelib.services.ingest import OPERATOR_MARK
from tests.dmarc.test_tls import report


def test_tls_summary_and_csv(api: Client) -> None:
    assert api.http.post("/api/domains", body=json.dumps({"name": "example.com"}),
                         headers={"Content-Type": "application/json"}).status_code in (200, 201)
    result = wiring.ingest_service().ingest_bytes(json.dumps(report()).encode(), f"incoming/{OPERATOR_MARK}t.json")
    assert [r.kind for r in result.reports] == ["tls"] and result.failure is None
    body = json.loads(api.http.get("/api/domains/example.com/tls?from=2026-03-01&to=2026-03-02").body)
    assert (body["sessions"], body["failure"], body["success_pct"]) == (100, 10, 90.0)
    assert body["by_result"] == [{"name": "certificate-expired", "sessions": 10}]
    assert body["daily"][0] == {"day": "2026-03-01", "success": 90, "failure": 10}
    csv = api.http.get("/api/domains/example.com/tls?from=2026-03-01&to=2026-03-02&format=csv")
    assert csv.status_code == 200 and "2026-03-01,90,10" in csv.body.decode("utf-8-sig")
    assert api.http.get("/api/domains/unknown.example/tls").status_code == 404
