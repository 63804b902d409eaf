"""The DNS posture use case on the fakes: selectors from the stored reports, the latest check, record history."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import wiring
from chalicelib.adapters.dns import ZoneResolver
from chalicelib.adapters.https import ZoneFetcher
from chalicelib.adapters.memory import memory_adapters
from chalicelib.errors import UnknownDomain
from chalicelib.services.ingest import OPERATOR_MARK
from chalicelib.settings import Mail
from tests.dmarc.builders import record, report
from tests.offline import offline_settings
from tests.posture.keys import RSA_2048

RUA = "rua@reports.aligned.example"
ZONE = {
    "_dmarc.example.com": {"TXT": [f"v=DMARC1; p=reject; rua=mailto:{RUA}"]},
    "example.com._report._dmarc.reports.aligned.example": {"TXT": ["v=DMARC1"]},
    "example.com": {"TXT": ["v=spf1 ip4:192.0.2.0/24 -all"], "MX": [[10, "mx.example.com"]]},
    "s1._domainkey.example.com": {"TXT": [f"v=DKIM1; k=rsa; p={RSA_2048}"]},
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2023, 11, 20, 4, 15, tzinfo=UTC)  # the builders' report begins 2023-11-15

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world() -> tuple[wiring.Container, dict, Clock]:
    zone = {k: dict(v) for k, v in ZONE.items()}
    clock = Clock()
    config = offline_settings(mail=Mail("aligned.invalid", RUA))
    app = wiring.bootstrap(config, **memory_adapters(), resolver=ZoneResolver(zone), fetcher=ZoneFetcher({}))
    app.posture.clock = clock
    return app, zone, clock


def test_selectors_come_from_the_domains_reports(world) -> None:  # type: ignore[no-untyped-def]
    app, zone, clock = world
    app.domains.add("example.com")
    dkim = "".join(f"<dkim><domain>{d}</domain><selector>{s}</selector><result>pass</result></dkim>"
                   for d, s in (("example.com", "s1"), ("mail.example.com", "S2"), ("esp.example", "k1")))
    xml = report(record(auth=dkim + "<spf><domain>example.com</domain><result>pass</result></spf>"))
    app.ingest.ingest_bytes(xml, f"incoming/{OPERATOR_MARK}r.xml")
    assert app.posture.selectors("example.com", clock.now) == [("example.com", "s1"), ("mail.example.com", "s2")]
    view = app.posture.run("example.com")
    assert view.check is not None
    codes = [f.code for f in view.check.findings]
    assert "dkim_missing" in codes and codes.count("dkim_missing") == 1  # s2 only; the ESP's key is not ours
    assert view.history == ()


def test_record_changes_are_kept(world) -> None:  # type: ignore[no-untyped-def]
    app, zone, clock = world
    app.domains.add("example.com")
    first = app.posture.run("example.com").check
    assert first is not None and [f.code for f in first.findings if f.severity >= 2] == []
    app.resolver.zone["_dmarc.example.com"]["TXT"] = [f"v=DMARC1; p=none; pct=50; rua=mailto:{RUA}"]
    clock.now += timedelta(days=1)
    view = app.posture.run("example.com")
    [change] = view.history
    assert change.name == "_dmarc.example.com" and change.after == (f"v=DMARC1; p=none; pct=50; rua=mailto:{RUA}",)
    assert app.posture.view("example.com").check == view.check
    assert app.posture.run_all() == {"checked": 1, "failed": 0}
    with pytest.raises(UnknownDomain):
        app.posture.run("other.example")
