"""Analysis domains (DNS records, soft removal and restore) and the registry routes (CRUD, CSV import/export)."""
from __future__ import annotations

import json

from chalice.test import Client

from tests.api.conftest import RUA, ingest
from tests.api.known import RANGE, REPORT_A
from tests.api.test_analyses import get, post

D = "/api/domains/example.com"
CSV = {"Content-Type": "text/csv"}


def put(client: Client, path: str, body: dict[str, object], status: int = 200) -> dict[str, object]:
    response = client.http.put(path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.body
    return json.loads(response.body)  # type: ignore[no-any-return]


def test_domain_dns_records(api: Client) -> None:
    added = post(api, "/api/domains", {"name": "example.com"})
    assert added["rua"] == RUA
    assert [(r["name"], r["type"], r["value"]) for r in added["dns_records"]] == [
        ("_dmarc.example.com", "TXT", f"v=DMARC1; p=none; rua=mailto:{RUA}"),
        ("example.com._report._dmarc.reports.aligned.example", "TXT", "v=DMARC1")]
    own = post(api, "/api/domains", {"name": "aligned.example"})  # the rua address is inside this domain
    assert [r["purpose"] for r in own["dns_records"]] == ["dmarc"]
    idn = post(api, "/api/domains", {"name": "例え.jp"})
    assert idn["name"] == "xn--r8jz45g.jp"
    assert [d["name"] for d in get(api, "/api/domains")["items"]] == ["aligned.example", "example.com",
                                                                       "xn--r8jz45g.jp"]
    assert get(api, D)["dns_records"] == added["dns_records"]


def test_remove_keeps_the_data_and_adding_again_restores_it(api: Client) -> None:
    post(api, "/api/domains", {"name": "example.com"})
    ingest(REPORT_A, "incoming/a.xml")
    post(api, D + "/registry", {"cidr": "192.0.2.0/24", "tag": "mail-server"})
    assert get(api, f"{D}/overview?{RANGE}")["messages"] == 127
    assert api.http.delete(D).status_code == 204
    assert api.http.delete(D).status_code == 404
    assert get(api, "/api/domains")["items"] == []
    assert [d["name"] for d in get(api, "/api/domains?include_removed=true")["items"]] == ["example.com"]
    get(api, f"{D}/overview?{RANGE}", 404)
    get(api, D + "/registry", 404)
    post(api, "/api/domains", {"name": "example.com"})
    assert get(api, f"{D}/overview?{RANGE}")["messages"] == 127
    assert [e["cidr"] for e in get(api, D + "/registry")["items"]] == ["192.0.2.0/24"]
    again = post(api, "/api/domains", {"name": "example.com"}, status=200)  # already there: nothing to do
    assert again["claimed_days"] == 0


def test_registry_crud(api: Client) -> None:
    post(api, "/api/domains", {"name": "example.com"})
    created = post(api, D + "/registry", {"cidr": "2001:db8::/32", "tag": "v6", "comment": "IPv6 MTA"})
    assert created == {"id": "2001:db8::_32", "cidr": "2001:db8::/32", "tag": "v6", "comment": "IPv6 MTA"}
    host = post(api, D + "/registry", {"cidr": "192.0.2.1", "tag": "host"})
    assert (host["cidr"], host["id"]) == ("192.0.2.1/32", "192.0.2.1_32")
    conflict = api.http.post(D + "/registry", body=json.dumps({"cidr": "192.0.2.1/32", "tag": "x"}),
                             headers={"Content-Type": "application/json"})
    assert conflict.status_code == 409 and json.loads(conflict.body)["field"] == "cidr"
    updated = put(api, D + "/registry/192.0.2.1_32", {"tag": "relay", "comment": "moved"})
    assert (updated["tag"], updated["comment"]) == ("relay", "moved")
    moved = put(api, D + "/registry/192.0.2.1_32", {"cidr": "192.0.2.0/28", "tag": "relay"})
    assert moved["cidr"] == "192.0.2.0/28"
    listing = get(api, D + "/registry")
    assert [(e["cidr"], e["tag"]) for e in listing["items"]] == [("192.0.2.0/28", "relay"), ("2001:db8::/32", "v6")]
    assert listing["version"] == 4
    assert api.http.delete(D + "/registry/2001:db8::_32").status_code == 204
    assert api.http.delete(D + "/registry/2001:db8::_32").status_code == 404
    put(api, D + "/registry/198.51.100.0_24", {"tag": "nope"}, status=404)


def test_registry_csv_import_and_export(api: Client) -> None:
    post(api, "/api/domains", {"name": "example.com"})
    post(api, D + "/registry", {"cidr": "192.0.2.0/24", "tag": "old"})
    data = "cidr,tag,comment\r\n192.0.2.0/24,mail-server,本社\r\n198.51.100.0/24,esp,\r\n".encode()
    response = api.http.post(D + "/registry/import", body=data, headers=CSV)
    assert response.status_code == 200, response.body
    assert json.loads(response.body) == {"created": 1, "updated": 1, "unchanged": 0, "deleted": 0, "version": 2}
    export = api.http.get(D + "/registry/export")
    assert export.headers["Content-Disposition"] == 'attachment; filename="aligned-registry-example.com.csv"'
    assert export.body.startswith(b"\xef\xbb\xbf")
    assert export.body.decode("utf-8-sig").splitlines() == [
        "cidr,tag,comment", "192.0.2.0/24,mail-server,本社", "198.51.100.0/24,esp,"]
    sjis = "cidr,tag\r\n203.0.113.0/24,外部\r\n".encode("cp932")
    replaced = api.http.post(D + "/registry/import?replace=true", body=sjis,
                             headers={"Content-Type": "application/octet-stream"})
    assert json.loads(replaced.body)["deleted"] == 2
    assert [(e["cidr"], e["tag"]) for e in get(api, D + "/registry")["items"]] == [("203.0.113.0/24", "外部")]


def test_registry_csv_import_reports_every_bad_line_and_writes_nothing(api: Client) -> None:
    post(api, "/api/domains", {"name": "example.com"})
    data = b"cidr,tag,comment\n10.0.0.5/24,a,\n192.0.2.0/24,,\n192.0.2.0/24,ok,\n"
    response = api.http.post(D + "/registry/import", body=data, headers=CSV)
    assert response.status_code == 400
    body = json.loads(response.body)
    assert body["field"] == "file"
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(2, "cidr"), (3, "tag")]
    assert get(api, D + "/registry")["items"] == []


def test_registry_csv_import_of_junk_answers_small_and_a_huge_body_is_refused(api: Client) -> None:
    from chalicelib.registry.csvio import MAX_IMPORT_BYTES

    post(api, "/api/domains", {"name": "example.com"})
    junk = b"cidr,tag\n" + b"".join(b"junk%d,x\n" % n for n in range(50_000))
    response = api.http.post(D + "/registry/import", body=junk, headers=CSV)
    assert response.status_code == 400
    body = json.loads(response.body)
    assert body["params"] == {"count": 100}
    assert len(body["errors"]) == 101 and body["errors"][-1]["error"] == "csv_more_errors"
    assert body["errors"][-1]["params"] == {"count": 49_900}
    assert len(response.body) < 40_000
    huge = api.http.post(D + "/registry/import", body=b"cidr,tag\n" + b"x" * MAX_IMPORT_BYTES, headers=CSV)
    assert huge.status_code == 400
    assert json.loads(huge.body)["error"] == "import_too_large"
    assert get(api, D + "/registry")["items"] == []
