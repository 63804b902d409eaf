"""The positional, slot-by-slot builds (record reader, fact codec) are bound by name and fail loudly when the
model's fields change."""
from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from chalicelib.analysis.facts import Fact
from chalicelib.dmarc import records
from chalicelib.dmarc.model import Record
from chalicelib.slots import slot_setters
from chalicelib.storage import factcodec as codec


@dataclass(frozen=True, slots=True)
class Pair:
    a: int
    b: str


def test_setters_follow_the_named_order_not_the_declared_one() -> None:
    set_b, set_a = slot_setters(Pair, ("b", "a"), "test")
    p = object.__new__(Pair)
    set_a(p, 1)
    set_b(p, "x")
    assert p == Pair(1, "x")


@pytest.mark.parametrize("order", [("a",), ("a", "b", "c"), ("a", "a"), ("a", "c")])
def test_a_missing_extra_or_repeated_name_fails_loudly(order: tuple[str, ...]) -> None:
    with pytest.raises(RuntimeError, match="test: the fields of Pair changed"):
        slot_setters(Pair, order, "test")


def test_record_reader_binds_every_record_field_by_name() -> None:
    bound = {
        "source_ip": records._set_ip, "count": records._set_count, "disposition": records._set_disposition,
        "dkim_aligned": records._set_dkim_aligned, "spf_aligned": records._set_spf_aligned,
        "header_from": records._set_header_from, "envelope_from": records._set_envelope_from,
        "envelope_to": records._set_envelope_to, "reasons": records._set_reasons, "dkim": records._set_dkim,
        "spf": records._set_spf,
    }
    assert set(bound) == {f.name for f in fields(Record)}
    for name, setter in bound.items():
        assert setter == Record.__dict__[name].__set__, name


def test_fact_codec_binds_every_fact_field_by_name() -> None:
    assert set(codec._ORDER) == {f.name for f in fields(Fact)}
    for name, setter in zip(codec._ORDER, codec._SET, strict=True):
        assert setter == Fact.__dict__[name].__set__, name
