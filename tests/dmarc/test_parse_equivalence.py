"""The faster parse reads what the plain one read (issue 15, parser): libxml2 dropping the whitespace between
elements (remove_blank_text) changes no report, and the source_ip fast path accepts and rejects what the former
one did. Compared on the shared corpus, generated reports, hand-made whitespace cases and mutated reports."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path
from socket import AF_INET, AF_INET6, inet_pton
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from bench.generate import report_chunks
from chalicelib.dmarc import Limits, aggregate, read_message
from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.reader import Outcome, read_path
from tests.conftest import CORPUS
from tests.dmarc.builders import record, report

pytestmark = pytest.mark.unit
SETTINGS = settings(deadline=None, database=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class _KeepBlanks:
    """lxml's etree with iterparse keeping the whitespace nodes, as the parser did before."""

    def __getattr__(self, name: str) -> Any:
        return getattr(etree, name)

    @staticmethod
    def iterparse(*args: Any, **kwargs: Any) -> Any:
        assert kwargs.get("remove_blank_text") is True  # the option this test is about is the one in use
        return etree.iterparse(*args, **{**kwargs, "remove_blank_text": False})


@contextmanager
def blanks_kept() -> Iterator[None]:
    real = aggregate.etree
    aggregate.etree = _KeepBlanks()  # type: ignore[assignment]
    try:
        yield
    finally:
        aggregate.etree = real


def both(read: Any) -> tuple[Any, Any]:
    fast = _shown(read())
    with blanks_kept():
        plain = _shown(read())
    return fast, plain


def _shown(outcome: Outcome) -> tuple[Any, ...]:
    return outcome.reports, tuple((p.kind, p.message) for p in outcome.problems), outcome.tls


def _corpus_files() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        return [CORPUS / row["file"] for row in csv.DictReader(handle, delimiter="\t")]


def test_corpus_reads_alike_with_and_without_blank_nodes() -> None:
    files = _corpus_files()
    if not files:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    for path in files:
        fast, plain = both(lambda p=path: read_path(p))
        assert fast == plain, path.name


def test_generated_report_reads_alike() -> None:
    data = "".join(report_chunks(2000, seed=3)).encode()
    fast, plain = both(lambda: read_message(data))
    assert len(fast[0][0].records) == 2000 and fast == plain


WHITESPACE_CASES = {
    "blank-leaf": record(ip="  ", count=" \n "),
    "blank-before-child": record(ip=" \n <b/>192.0.2.1", dkim="  <x/>pass"),
    "blank-enum": record(dkim="\n\t", spf="  ", auth="<dkim><domain> </domain><result>  </result></dkim>"),
    "text-then-child": record(ip="192.0.2.7 <b/> ", auth="<dkim> <domain>  example.com <i/> </domain>"
                              "<result> pass </result> </dkim>"),
    "nested-blank-sections": record(reasons="<reason> <type> forwarded </type>  <comment>  </comment> </reason>",
                                    envelope="  <envelope_from>  </envelope_from>  "),
}


@pytest.mark.parametrize("body", WHITESPACE_CASES.values(), ids=WHITESPACE_CASES.keys())
def test_whitespace_where_values_are_read(body: str) -> None:
    data = report(body, record(ip="192.0.2.2"), metadata_extra="<error>  </error><error> x </error>",
                  extra_policy="<fo>  </fo>", version="<version>  </version>")
    fast, plain = both(lambda: read_message(data))
    assert fast == plain


_BLANKS = " " * (Limits().max_text_bytes + 10)
HOSTILE_BLANKS = {  # blank runs past the text limit, and past libxml2's own 10 MB text node limit
    "over-text-limit-before-child": report(record(envelope=f"<envelope_from>{_BLANKS}<b/>x</envelope_from>")),
    "over-text-limit-in-metadata": report(record(), org=f"{_BLANKS}<b/>"),
    "over-text-limit-in-leaf": report(record(ip=_BLANKS)),
    "over-libxml2-limit-between-records": report(record() + " " * (10 * 2**20 + 10) + record(ip="192.0.2.2")),
}


@pytest.mark.parametrize("data", HOSTILE_BLANKS.values(), ids=HOSTILE_BLANKS.keys())
def test_hostile_blank_runs_meet_the_same_limits(data: bytes) -> None:
    fast, plain = both(lambda: read_message(data))
    assert fast == plain
    assert fast[1] or any("record dropped" in w for r in fast[0] for w in r.warnings)  # refused or dropped


_SEED = "".join(report_chunks(4, seed=5)).encode()
_TOKENS = [b"  ", b"\n\t ", b"<x/>", b" <y> </y> ", b"text", b"<![CDATA[ ]]>", b"<!-- c -->", b"&#32;", b"&#10;",
           b"<record>", b"</record>", b"<row>", b"</dkim>", b"\xc2\xa0"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(_SEED)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[pos:pos] = draw(st.sampled_from(_TOKENS))
        else:
            del data[pos: pos + draw(st.integers(1, 40))]
    return bytes(data)


@SETTINGS
@given(mutated())
def test_mutated_reports_read_alike(data: bytes) -> None:
    fast, plain = both(lambda: read_message(data))
    assert fast == plain


def _former_ip(text: str | None) -> IPv4Address | IPv6Address:
    """normalize.ip as it was: IPv4 tried first, then IPv6, then the ipaddress parser."""
    value = (text or "").strip()
    if not value:
        raise ValueError("source_ip is empty")
    try:
        return IPv4Address(inet_pton(AF_INET, value))
    except OSError:
        pass
    try:
        v6 = IPv6Address(inet_pton(AF_INET6, value))
        return v6.ipv4_mapped or v6
    except OSError:
        pass
    try:
        address = ip_address(value.strip("[]"))
    except ValueError:
        raise ValueError(f"source_ip {value[:60]!r} is not an IP address") from None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _outcome(read: Any, text: str) -> Any:
    try:
        return read(text)
    except ValueError as exc:
        return str(exc)


_ADDRESS_TEXT = st.one_of(
    st.integers(0, 2**32 - 1).map(lambda n: str(IPv4Address(n))),
    st.integers(0, 2**128 - 1).map(lambda n: str(IPv6Address(n))),
    st.integers(0, 2**32 - 1).map(lambda n: f"::ffff:{IPv4Address(n)}"),
    st.integers(0, 2**32 - 1).map(lambda n: f"::{IPv4Address(n)}"),
    st.integers(0, 2**32 - 1).map(lambda n: f"[::ffff:{n >> 16:x}:{n & 0xFFFF:x}]"),
    st.sampled_from(["fe80::1%eth0", "1.2.3", "01.2.3.4", "1.2.3.4.5", ":::", "::ffff:1.2.3.04", " 10.0.0.1 ",
                     "[10.0.0.1]", "", "1::2::3", "::ffff:256.1.1.1", "\u0661.2.3.4", "0x1.2.3.4"]),
    st.text(alphabet="0123456789abcdef:.[]% ", max_size=45),
)


@SETTINGS
@given(_ADDRESS_TEXT)
def test_source_ip_fast_path_reads_as_before(text: str) -> None:
    assert _outcome(norm.ip, text) == _outcome(_former_ip, text)
