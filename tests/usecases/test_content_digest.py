"""The fast content digest writes exactly the text the stored digests were made from: sha256 of
repr((begin, end, policy, records)), on generated, corpus and hand-made reports (any difference would turn every
stored duplicate into a conflict)."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from ipaddress import ip_address

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import report_chunks
from chalicelib.dmarc import AggregateReport, DkimAuth, PolicyOverride, read_message
from chalicelib.dmarc.reader import read_path
from chalicelib.services import digest, trust
from tests.conftest import CORPUS
from tests.dmarc.builders import record, report

pytestmark = pytest.mark.unit


def plain(r: AggregateReport) -> str:
    meta = r.metadata
    return hashlib.sha256(repr((meta.begin, meta.end, r.policy, r.records)).encode()).hexdigest()


def parsed(data: bytes) -> AggregateReport:
    return read_message(data).require()[0]


def test_generated_report_digest_equals_the_plain_repr() -> None:
    r = parsed("".join(report_chunks(3000, seed=11)).encode())
    assert len(r.records) == 3000
    assert trust.content_digest(r) == plain(r)


@pytest.mark.parametrize("count", [0, 1, 2, digest._CHUNK, digest._CHUNK + 1])
def test_any_number_of_records_including_chunk_edges(count: int) -> None:
    base = parsed(report(*(record(ip=f"192.0.2.{i % 250 + 1}", count=i) for i in range(max(count, 1)))))
    r = replace(base, records=base.records[:count])
    assert len(r.records) == count
    assert digest.content_digest(r) == plain(r)


def test_records_not_sharing_their_tuples_digest_alike() -> None:
    r = parsed(report(record(), record(ip="2001:db8::1")))
    copies = tuple(replace(x, dkim=tuple(DkimAuth(d.domain, d.selector, d.result, d.human_result) for d in x.dkim),
                           reasons=(PolicyOverride("forwarded", "it's \"quoted\""),)) for x in r.records)
    other = replace(r, records=copies)
    assert digest.content_digest(other) == plain(other) != digest.content_digest(r) == plain(r)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.integers(0, 2**32 - 1).map(lambda n: ip_address(n)),
                 st.integers(0, 2**128 - 1).map(lambda n: ip_address(n.to_bytes(16, "big"))),
                 st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0xABCD]), min_size=8, max_size=8)
                 .map(lambda w: ip_address(b"".join(x.to_bytes(2, "big") for x in w))),
                 st.sampled_from(["::1.2.3.4", "::ffff:1.2.3.4", "fe80::1%eth0", "::", "::1", "1::"]).map(ip_address)))
def test_every_address_is_written_as_its_repr(address) -> None:  # type: ignore[no-untyped-def]
    assert digest._address(address) == repr(address)


def test_one_changed_record_changes_the_digest() -> None:
    r = parsed(report(record(), record(ip="192.0.2.9")))
    changed = replace(r, records=(r.records[0], replace(r.records[1], count=2)))
    assert digest.content_digest(changed) != digest.content_digest(r)


def _corpus_reports() -> list[AggregateReport]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["report_kind"] == "aggregate"]
    return [r for row in rows for r in read_path(CORPUS / row["file"]).reports]


def test_corpus_digests_equal_the_plain_repr() -> None:
    reports = _corpus_reports()
    if not reports:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    assert all(digest.content_digest(r) == plain(r) for r in reports)


def test_a_changed_record_layout_fails_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest, "_LAYOUT", digest._LAYOUT[::-1])
    with pytest.raises(RuntimeError, match="Record's repr changed"):
        digest._check_layout()

