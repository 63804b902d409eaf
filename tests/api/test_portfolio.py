"""GET /api/portfolio (JSON, CSV, sorting, paging, bad values) and POST /api/onboarding (a good file with the DNS
records per domain, bad lines, a body too large, the 100-error cap), on moto through the Chalice test client."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from chalice.test import Client

from bench.portfolio_data import LAST_DAY, clients, load
from chalicelib import wiring
from tests.api.conftest import RUA
from tests.api.test_analyses import get

CSV = {"Content-Type": "text/csv"}
N = 5
RANGE = f"from=2026-03-02&to={LAST_DAY}"


def onboard(client: Client, body: bytes, status: int) -> Any:
    response = client.http.post("/api/onboarding", body=body, headers=CSV)
    assert response.status_code == status, response.body
    return json.loads(response.body)


def test_portfolio_json_sorted_and_paged(api: Client) -> None:
    load(wiring.container(), N)
    first = get(api, f"/api/portfolio?{RANGE}&sort=spoofing&limit=2")
    assert (first["sort"], first["order"], first["offset"], first["limit"], first["next_offset"]) == (
        "spoofing", "desc", 0, 2, 2)
    assert first["totals"]["domains"] == N and len(first["rows"]) == 2
    rest = get(api, f"/api/portfolio?{RANGE}&sort=spoofing&offset=2&limit=50")
    assert rest["next_offset"] is None
    spoofing = [r["spoofing"] for r in first["rows"] + rest["rows"]]
    assert spoofing == sorted(spoofing, reverse=True) and spoofing[0] > 0
    row = first["rows"][0]
    assert set(row) >= {"domain", "display_name", "messages", "dmarc_pass_pct", "own_failing", "spoofing", "stage",
                        "p", "sp", "t", "open_alerts", "trend"}
    assert len(row["trend"]["pass_pct"]) == 30 and row["trend"]["start"] == "2026-03-02"
    by_name = get(api, f"/api/portfolio?{RANGE}&sort=domain&order=desc&limit=3")["rows"]
    assert [r["domain"] for r in by_name] == [c.name for c in clients(N)][::-1][:3]
    stages = [r["stage"] for r in get(api, f"/api/portfolio?{RANGE}&sort=stage")["rows"]]
    order = ["none", "quarantine_test", "quarantine", "reject_test", "reject"]
    assert stages == sorted(stages, key=order.index) and stages[0] == "none" and stages[-1] == "reject"
    # format=csv: every row, not a page
    response = api.http.get(f"/api/portfolio?{RANGE}&sort=domain&format=csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "aligned-portfolio-2026-03-02-2026-03-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert rows[0][:7] == ["domain", "display_name", "messages", "dmarc_pass_pct", "own_failing",
                           "possible_spoofing", "stage"]
    assert [r[0] for r in rows[1:]] == [c.name for c in clients(N)]  # every row, not a page
    assert len(rows[1][-1].split()) == 30


def test_portfolio_bad_values(api: Client) -> None:
    for query, field, code in (("sort=bogus", "sort", "invalid_choice"), ("order=up", "order", "invalid_choice"),
                               ("limit=0", "limit", "invalid_limit"), ("from=2026-13-01", "from", "invalid_day"),
                               ("format=xml", "format", "invalid_choice")):
        body = get(api, f"/api/portfolio?{query}", 400)
        assert (body["error"], body["field"]) == (code, field), query
    assert "messages" in get(api, "/api/portfolio?sort=bogus", 400)["params"]["allowed"]
    body = get(api, "/api/portfolio")  # no domain yet
    assert body["rows"] == [] and body["totals"]["domains"] == 0


def test_onboarding_good_file(api: Client) -> None:
    body = onboard(api, "domain,display_name\r\nshop.example,ショップ\r\n例え.jp\r\n".encode(), 201)
    assert (body["added"], body["existing"]) == (2, 0)
    shop, idn = body["items"]
    assert (shop["line"], shop["domain"], shop["display_name"], shop["added"]) == (2, "shop.example", "ショップ", True)
    assert idn["domain"] == "xn--r8jz45g.jp"
    assert [(r["name"], r["type"], r["value"]) for r in shop["records"]] == [
        ("_dmarc.shop.example", "TXT", f"v=DMARC1; p=none; rua=mailto:{RUA}"),
        ("shop.example._report._dmarc.reports.aligned.example", "TXT", "v=DMARC1")]
    listed = {d["name"]: d["display_name"] for d in get(api, "/api/domains")["items"]}
    assert listed == {"shop.example": "ショップ", "xn--r8jz45g.jp": ""}
    again = onboard(api, b"shop.example\n", 200)
    assert (again["added"], again["existing"], again["items"][0]["added"]) == (0, 1, False)
    assert get(api, f"/api/portfolio?{RANGE}")["totals"]["domains"] == 2
    # POST /api/domains takes a display name too
    response = api.http.post("/api/domains", body=json.dumps({"name": "a.example", "display_name": "A Co"}),
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 201 and json.loads(response.body)["display_name"] == "A Co"
    response = api.http.post("/api/domains", body=json.dumps({"name": "b.example", "display_name": 5}),
                             headers={"Content-Type": "application/json"})
    assert json.loads(response.body)["field"] == "display_name"


def test_onboarding_bad_lines(api: Client) -> None:
    body = onboard(api, b"ok.example\nnot a domain\nok.example\nx.example,Name,extra\n", 400)
    assert (body["error"], body["field"], body["params"]) == ("import_rejected", "file", {"count": 3})
    assert [(e["line"], e["error"], e["field"]) for e in body["errors"]] == [
        (2, "invalid_domain", "domain"), (3, "duplicate_domain", "domain"), (4, "csv_too_many_fields", None)]
    assert set(body["errors"][0]) == {"line", "error", "field", "params", "message"}
    assert "more_errors" not in body
    assert get(api, "/api/domains")["items"] == []  # all or nothing
    # after 100 line errors the rest are only counted
    body = onboard(api, b"".join(b"bad_%d\n" % n for n in range(250)), 400)
    assert body["error"] == "import_rejected_more" and body["params"] == {"count": 250, "shown": 100}
    assert len(body["errors"]) == 100 and body["more_errors"] == 150
    # the size is checked before anything is read
    body = onboard(api, b"a.example\n" * 30_000, 400)
    assert (body["error"], body["field"], body["params"]) == ("body_too_large", "file", {"max_bytes": 262144})
    assert onboard(api, b"\n", 400)["errors"][0]["error"] == "onboarding_empty"

