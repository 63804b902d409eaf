"""The failure rows' routes (list with filters, reprocess, dismiss), GET /api/unclaimed with the merge answer of
POST /api/domains, and the overview's data_span, on moto through the real adapters."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from chalice.test import Client

from chalicelib import wiring
from chalicelib.dmarc.limits import DEFAULT_LIMITS
from tests.api.test_analyses import get, post
from tests.ingest.reportgen import DAY0, report, to_mail
from tests.usecases.test_failures import many_reports

F = "/api/ingest/failures"


def deliver(data: bytes, key: str, name: str = "") -> None:
    config = wiring.config()
    wiring.container().raw_mail.put(config.raw_mail.bucket, key, data)
    wiring.ingest_service().ingest_object(config.raw_mail.bucket, key, name)


def test_rows_filter_reprocess_and_dismiss(api: Client) -> None:
    today = datetime.now(UTC).date().isoformat()
    post(api, "/api/domains", {"name": "example.com"})
    for n in range(2):  # the same junk imported twice: one row, the latest key
        deliver(b"no report here", f"incoming/cli-{n}", "junk.eml")
    service = wiring.ingest_service()
    service.limits = dataclasses.replace(DEFAULT_LIMITS, max_mime_parts=4)
    deliver(many_reports(5), "incoming/big")
    items = get(api, F)["items"]
    assert [(i["kind"], i["object_key"], i["partial"]) for i in items] == [
        ("limit_exceeded", "incoming/big", True), ("not_a_report", "incoming/cli-1", False)]
    big, junk = items
    assert junk["name"] == "junk.eml" and big["subject"] == "Reports for example.com" and big["reports"] >= 1
    assert [i["id"] for i in get(api, F + "?kind=not_a_report")["items"]] == [junk["id"]]
    assert get(api, F + f"?from={today}&to={today}")["items"] == items
    assert get(api, F + "?to=2000-01-01")["items"] == []
    assert get(api, F + "?kind=nonsense", 400)["error"] == "invalid_choice"
    assert get(api, F + "?from=2025-02-30", 400)["error"] == "invalid_day"
    assert get(api, F + "?from=2025-03-02&to=2025-03-01", 400)["error"] == "range_reversed"

    service.limits = DEFAULT_LIMITS
    done = post(api, f"{F}/{big['id']}/reprocess", {}, 200)
    assert done == {"id": big["id"], "reports": 5, "resolved": True, "failure": None}
    still = post(api, f"{F}/{junk['id']}/reprocess", {}, 200)
    assert not still["resolved"] and still["failure"]["name"] == "junk.eml"
    assert api.http.delete(f"{F}/{junk['id']}").status_code == 204
    assert get(api, F)["items"] == []
    assert api.http.delete(f"{F}/{junk['id']}").status_code == 404
    assert post(api, f"{F}/nope/reprocess", {}, 404)["error"] == "unknown_failure"


def test_unclaimed_list_and_the_merge_answer(api: Client) -> None:
    assert get(api, "/api/unclaimed") == {"items": []}
    deliver(to_mail(report("a", domain="late.example", count=2)), "incoming/a")
    deliver(to_mail(report("b", domain="late.example", count=3)), "incoming/b")
    messages = report("a", count=2).message_count + report("b", count=3).message_count
    day = DAY0.date().isoformat()
    expected = {"domain": "late.example", "reports": 2, "messages": messages, "first_day": day, "last_day": day}
    assert get(api, "/api/unclaimed")["items"] == [expected]
    added = post(api, "/api/domains", {"name": "late.example"})
    assert added["claimed"] == expected and added["claimed_days"] == 1
    assert get(api, "/api/unclaimed")["items"] == []
    assert post(api, "/api/domains", {"name": "fresh.example"})["claimed"] is None


def test_overview_says_where_the_data_is(api: Client) -> None:
    post(api, "/api/domains", {"name": "example.com"})
    deliver(to_mail(report("a")), "incoming/a")
    day = DAY0.date().isoformat()
    empty = get(api, "/api/domains/example.com/overview?from=2001-01-01&to=2001-01-31")
    assert empty["messages"] == 0 and empty["data_span"] == {"first": day, "last": day}
    full = get(api, f"/api/domains/example.com/overview?from={day}&to={day}")
    assert full["messages"] > 0 and full["data_span"] is None
