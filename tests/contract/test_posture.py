"""The posture store (ports.posture.PostureStore): the fake and the DynamoDB adapter behave alike."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.posture.model import Finding, PostureCheck, RecordChange, RecordValue, Severity
from chalicelib.wiring import Container

AT = datetime(2026, 3, 1, 4, 15, tzinfo=UTC)


def check(at: datetime, value: str) -> PostureCheck:
    return PostureCheck("example.com", at, (Finding("spf", "spf_pass_all", Severity.CRITICAL, "example.com"),
                                            Finding("dkim", "dkim_weak_key", Severity.HIGH, "s._domainkey.example.com",
                                                    (("selector", "s"), ("bits", "512"))),),
                        (RecordValue("example.com", "TXT", (value,)), RecordValue("_dmarc.example.com", "TXT", None)))


def test_latest_and_history(built: Container) -> None:
    store = built.posture_store
    assert store.latest("example.com") is None and store.history("example.com") == []
    store.save(check(AT, "v=spf1 +all"), ())
    assert store.latest("example.com") == check(AT, "v=spf1 +all")
    later = AT + timedelta(days=1)
    changes = (RecordChange("example.com", later, "example.com", "TXT", ("v=spf1 +all",), ("v=spf1 -all",)),
               RecordChange("example.com", later, "_dmarc.example.com", "TXT", None, ("v=DMARC1; p=none",)))
    store.save(check(later, "v=spf1 -all"), changes)
    store.save(check(later + timedelta(days=1), "v=spf1 -all"), ())
    assert store.latest("example.com") == check(later + timedelta(days=1), "v=spf1 -all")
    assert sorted(store.history("example.com"), key=lambda c: c.name) == sorted(changes, key=lambda c: c.name)
    assert store.history("other.example") == []
