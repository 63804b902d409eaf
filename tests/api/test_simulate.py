"""GET /api/domains/{domain}/simulate on the two hand-written reports of tests/api/known.py."""
from __future__ import annotations

import json

from chalice.test import Client

from chalicelib import wiring
from chalicelib.adapters.dns import NoResolver
from chalicelib.adapters.https import NoFetcher
from tests.api.known import RANGE
from tests.api.test_analyses import D, get, loaded  # noqa: F401


def test_the_published_policy_is_the_default_proposal(loaded: Client) -> None:  # noqa: F811
    s = get(loaded, f"{D}/simulate?{RANGE}")
    # The current published policy is Yahoo's (the only report of the last day, 2026-03-02): p=quarantine
    # sp=reject adkim=s aspf=r (pct is gone in RFC 9989).
    assert s["proposal"] == {"p": "quarantine", "sp": "reject", "np": None, "t": False, "adkim": "s", "aspf": "r"}
    assert s["policy_source"] == {"reporter": "Yahoo", "report_id": "y-0302", "day": "2026-03-02"}
    assert s["given"] == []
    assert (s["messages"], s["hit"], s["outcomes"]) == (190, 40, {"none": 150, "quarantine": 40, "reject": 0,
                                                                  "unknown": 0})
    # esp (198.51.100.0/24, tagged) fails on both days: own mail hit; 203.0.113.x are unregistered.
    assert (s["own"]["quarantine"], s["unregistered"]["quarantine"], s["forwarded"]["quarantine"]) == (30, 10, 0)
    assert [(r["name"], r["messages"], r["hit"]) for r in s["by_tag"]] == [
        ("esp", 30, 30), ("(untagged)", 10, 10), ("mail-server", 150, 0)]
    assert [(r["name"], r["hit"], r["hit_pct"]) for r in s["by_reporter"]] == [("google.com", 27, 21.26),
                                                                               ("Yahoo", 13, 20.63)]
    assert [(r["name"], r["hit"]) for r in s["by_subdomain"]] == [("example.com", 40)]
    assert s["fallback_messages"] == 0 and s["groups"][0]["messages"] == 150


def test_a_proposal_overrides_the_published_tags(loaded: Client) -> None:  # noqa: F811
    s = get(loaded, f"{D}/simulate?{RANGE}&p=reject")
    assert (s["outcomes"]["reject"], s["outcomes"]["quarantine"], s["given"]) == (40, 0, ["p"])
    tested = get(loaded, f"{D}/simulate?{RANGE}&p=reject&t=y")
    assert (tested["outcomes"]["reject"], tested["outcomes"]["quarantine"]) == (0, 40)
    assert get(loaded, f"{D}/simulate?{RANGE}&p=none")["hit"] == 0


def test_bad_values_and_no_published_policy(loaded: Client) -> None:  # noqa: F811
    for query, field in (("p=block", "p"), ("t=yes", "t"), ("adkim=x", "adkim"), ("np=1", "np"),
                         ("format=csv&table=x", "table")):
        response = loaded.http.get(f"{D}/simulate?{RANGE}&{query}")
        body = json.loads(response.body)
        assert (response.status_code, body["error"], body["field"]) == (400, "invalid_choice", field)
    empty = "from=2026-01-01&to=2026-01-02"
    body = json.loads(loaded.http.get(f"{D}/simulate?{empty}").body)
    assert (body["error"], body["field"]) == ("policy_unknown", "p")
    assert get(loaded, f"{D}/simulate?{empty}&p=reject")["messages"] == 0


def test_csv_tables(loaded: Client) -> None:  # noqa: F811
    response = loaded.http.get(f"{D}/simulate?{RANGE}&format=csv&table=tags")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="aligned-example.com-simulate-tags-2026-03-01-2026-03-02.csv"')
    lines = response.body.decode("utf-8-sig").splitlines()
    assert lines[0] == "tag,messages,none,quarantine,reject,unknown,hit,hit_pct"
    assert lines[1:] == ["esp,30,0,30,0,0,30,100.0", "(untagged),10,0,10,0,0,10,100.0",
                         "mail-server,150,150,0,0,0,0,0.0"]
    groups = loaded.http.get(f"{D}/simulate?{RANGE}&format=csv").body.decode("utf-8-sig").splitlines()
    assert groups[0].startswith("header_from,place,sender,tag") and len(groups) > 3


def test_the_api_never_asks_the_real_dns_in_tests(loaded: Client) -> None:  # noqa: F811
    built = wiring.container()
    assert isinstance(built.resolver, NoResolver) and isinstance(built.fetcher, NoFetcher)
    s = get(loaded, f"{D}/simulate?{RANGE}&p=reject&sp=quarantine&np=none")
    assert s["messages"] == 190  # answered with no network question
