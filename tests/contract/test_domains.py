"""Domains port: normalised names, idempotent add, soft delete, listing."""
from __future__ import annotations

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
    assert domains.add("shop.example", "ショップ").display_name == "ショップ"
    assert domains.add("shop.example", "Other").display_name == "ショップ"  # an active domain stays as it is
    assert domains.get("shop.example").display_name == "ショップ"  # type: ignore[union-attr]
    assert domains.add("plain.example").display_name == ""
    assert {d.name: d.display_name for d in domains.list()} == {"plain.example": "", "shop.example": "ショップ"}
