"""Domains port: normalised names, idempotent add, soft delete, listing."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from chalicelib.wiring import Container


def test_soft_delete(built: Container) -> None:
    domains = built.domains
    assert domains.get("example.com") is None
    added = domains.add("Example.COM.")
    assert added.name == "example.com" and added.active
    assert domains.add("example.com").created == added.created  # idempotent
    domains.add("b.example")
    assert domains.remove("example.com") and not domains.remove("example.com") and not domains.remove("zz.example")
    assert [d.name for d in domains.list()] == ["b.example"]
    assert [d.name for d in domains.list(include_removed=True)] == ["b.example", "example.com"]
    assert not domains.get("example.com").active  # type: ignore[union-attr]
    assert domains.add("example.com").active


def test_display_name(built: Container) -> None:
    domains = built.domains
    assert domains.add("shop.example", display_name="ショップ").display_name == "ショップ"
    assert domains.add("shop.example", display_name="Other").display_name == "ショップ"  # active: as it is
    assert domains.get("shop.example").display_name == "ショップ"  # type: ignore[union-attr]
    assert domains.add("plain.example").display_name == ""
    assert {d.name: d.display_name for d in domains.list()} == {"plain.example": "", "shop.example": "ショップ"}


def test_owner_and_proof(built: Container) -> None:
    domains, at = built.domains, datetime(2026, 3, 1, 12, tzinfo=UTC)
    added = domains.add("example.com", "acme")
    assert (added.org, added.proven, added.visible_from) == ("acme", None, added.created.date())
    assert domains.add("example.com", "bravo").org == "acme"  # registered: unchanged
    moved = domains.assign("example.com", "bravo", at, added)
    assert moved is not None and (moved.org, moved.proven, moved.visible_from) == ("bravo", at, None)
    assert domains.get("example.com") == moved and domains.list() == [moved]
    assert domains.assign("zz.example", "acme", at, added) is None
    domains.remove("example.com")
    assert domains.assign("example.com", "acme", at, moved) is None  # removed: not assigned
    again = domains.add("example.com", "acme")
    assert (again.org, again.proven) == ("acme", None)


def test_a_claim_is_conditional_on_the_owner_and_proof_read(built: Container) -> None:
    """Two claims read the same state; the second write finds it changed and is refused, changing nothing (the
    DynamoDB ConditionExpression, and the fake the same way)."""
    import pytest

    from chalicelib.errors import ClaimChanged

    domains, at = built.domains, datetime(2026, 3, 1, 12, tzinfo=UTC)
    read = domains.add("example.com", "acme")  # unproven: what both claimants read
    first = domains.assign("example.com", "bravo", at, read)
    assert first is not None and (first.org, first.proven) == ("bravo", at)
    for org, proven in (("charlie", at), ("acme", None), ("acme", at + timedelta(hours=1))):
        with pytest.raises(ClaimChanged) as refused:
            domains.assign("example.com", org, proven, read)
        assert refused.value.code == "domain_claim_changed" and refused.value.params == {"domain": "example.com"}
    assert domains.get("example.com") == first
    stale = replace(first, proven=at + timedelta(seconds=1))  # the same owner, another proof time
    with pytest.raises(ClaimChanged):
        domains.assign("example.com", "charlie", at, stale)
    unowned = domains.add("legacy.example")  # no organization, no proof: both attributes absent
    assert domains.assign("legacy.example", "acme", at, unowned) is not None
    with pytest.raises(ClaimChanged):
        domains.assign("legacy.example", "bravo", at, unowned)


def test_a_new_organization_does_not_keep_the_previous_one_s_display_name(built: Container) -> None:
    domains, at = built.domains, datetime(2026, 3, 1, 12, tzinfo=UTC)
    acme = domains.add("shop.example", "acme", display_name="Acme shop")
    proven = domains.assign("shop.example", "acme", at, acme)  # the same organization: kept
    assert proven is not None and proven.display_name == "Acme shop"
    moved = domains.assign("shop.example", "bravo", at, proven)
    assert moved is not None and moved.display_name == "" and domains.get("shop.example") == moved
    legacy = domains.add("legacy.example", display_name="Operator's name")
    assert domains.assign("legacy.example", "acme", at, legacy).display_name == "Operator's name"  # type: ignore[union-attr]
