"""Reports port: create once, replace only on new content, status, load, by domain, newest-first pages."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.ports.ingest import Status
from chalicelib.wiring import Container
from tests.ingest.reportgen import DAY0, report


def test_round_trip(built: Container) -> None:
    repo, r = built.reports, report(records=20)
    assert repo.create("k1", r, "incoming/a", Status.PENDING)
    assert not repo.create("k1", r, "incoming/b", Status.PENDING)
    stored = repo.get("k1")
    assert stored is not None and stored.raw_key == "incoming/a" and stored.status is Status.PENDING
    assert stored.record_count == 20 and stored.message_count == r.message_count
    assert stored.domain == "example.com" and stored.begin == r.metadata.begin
    assert repo.load("k1") == r
    repo.set_status("k1", Status.APPLIED)
    assert repo.get("k1").status is Status.APPLIED  # type: ignore[union-attr]
    assert repo.get("nope") is None


def test_replace_is_a_no_op_for_equal_content(built: Container) -> None:
    repo, r = built.reports, report(records=5)
    repo.create("k", r, "incoming/a", Status.PENDING)
    assert not repo.replace("k", r, "incoming/a", Status.PENDING)
    before = repo.get("k")
    assert repo.replace("k", report(records=6), "incoming/a", Status.PENDING)
    assert len(repo.load("k").records) == 6
    assert repo.get("k").digest != before.digest  # type: ignore[union-attr]


def test_by_domain_and_paging(built: Container) -> None:
    repo = built.reports
    for i in range(25):
        repo.create(f"k{i:02d}", report(f"r{i}", begin=DAY0 + timedelta(days=i), records=1), "x", Status.APPLIED)
    repo.create("other", report("o", domain="other.example", records=1), "x", Status.APPLIED)
    assert [s.key for s in repo.by_domain("example.com")] == [f"k{i:02d}" for i in range(25)]
    window = repo.by_domain("example.com", DAY0 + timedelta(days=3), DAY0 + timedelta(days=5))
    assert [s.key for s in window] == ["k03", "k04", "k05"]
    seen, token = [], None
    while True:
        page = repo.page("example.com", 10, token)
        seen += [s.key for s in page.items]
        if (token := page.next_token) is None:
            break
    assert seen == [f"k{i:02d}" for i in reversed(range(25))]


def test_provenance_is_kept_and_held_reports_are_listed(built: Container) -> None:
    from chalicelib.provenance import Provenance, Trust, operator

    repo = built.reports
    unverified = Provenance(Trust.UNVERIFIED, "from_mismatch", "evil.example")
    assert repo.get("k") is None
    repo.create("legacy", report("l", records=1), "x", Status.APPLIED)  # no provenance given: the operator's
    assert repo.get("legacy").provenance.trust is Trust.OPERATOR  # type: ignore[union-attr]
    for i in range(3):
        repo.create(f"h{i}", report(f"h{i}", records=1), f"incoming/h{i}", Status.HELD, unverified, f"c{i}")
    stored = repo.get("h1")
    assert stored is not None and stored.content == "c1" and stored.status is Status.HELD
    assert (stored.provenance.trust, stored.provenance.reason, stored.provenance.from_domain) == (
        Trust.UNVERIFIED, "from_mismatch", "evil.example")
    first = repo.held(2)
    rest = repo.held(2, first.next_token) if first.next_token else None
    listed = [s.key for s in first.items] + ([s.key for s in rest.items] if rest else [])
    assert sorted(listed) == ["h0", "h1", "h2"] and "legacy" not in listed
    repo.set_status("h1", Status.PENDING, operator())
    assert repo.get("h1").provenance.trust is Trust.OPERATOR  # type: ignore[union-attr]
    assert sorted(s.key for s in repo.held(10).items) == ["h0", "h2"]
    assert not repo.replace("h0", report("h0", records=1), "incoming/h0", Status.PENDING, operator(), "c0")
    assert repo.get("h0").status is Status.HELD  # type: ignore[union-attr]  # same content: nothing written
    assert repo.replace("h0", report("h0", records=2), "incoming/h0", Status.PENDING, operator(), "c9")
    replaced = repo.get("h0")
    assert replaced is not None and replaced.status is Status.PENDING and replaced.content == "c9"
    assert sorted(s.key for s in repo.held(10).items) == ["h2"]


def test_trusted_reporters(built: Container) -> None:
    trusted = built.trusted_reporters
    assert trusted.list() == frozenset()
    trusted.add("Reports.Example.")
    trusted.add("other.example")
    assert trusted.list() == {"reports.example", "other.example"}
    assert trusted.remove("other.example") and not trusted.remove("other.example")
    assert trusted.list() == {"reports.example"}
    assert [d.name for d in built.domains.list()] == []  # kept apart from the analysis domains
