"""The bulk-onboarding CSV: one domain per line with an optional display name, a header line or none, every bad
line reported with its number, the error list cut after MAX_ERRORS with the rest counted."""
from __future__ import annotations

import pytest

from chalicelib.domaincsv import MAX_DOMAINS, MAX_ERRORS, display_name, read_domains
from chalicelib.errors import InvalidInput
from chalicelib.services.domains import domain_name

pytestmark = pytest.mark.unit


def read(text: str | bytes):  # type: ignore[no-untyped-def]
    return read_domains(text, domain_name)


def test_plain_lines_and_display_names() -> None:
    found = read("Example.COM.\n\nexample.net,Example Net\r\n\"例え.jp\",\"Tanaka, Inc.\"\n")
    assert [(d.line, d.domain, d.display_name) for d in found.lines] == [
        (1, "example.com", ""), (3, "example.net", "Example Net"), (4, "xn--r8jz45g.jp", "Tanaka, Inc.")]
    assert found.errors == () and found.more_errors == 0


def test_a_header_line_in_any_column_order() -> None:
    found = read("\ufeffdisplay_name,domain\nShop,shop.example\n")
    assert [(d.line, d.domain, d.display_name) for d in found.lines] == [(2, "shop.example", "Shop")]
    found = read("domain,display_name\nshop.example,Shop\n")
    assert [(d.line, d.domain, d.display_name) for d in found.lines] == [(2, "shop.example", "Shop")]
    assert read("domain,tag\nshop.example,x\n").errors[0].code == "onboarding_header"


def test_shift_jis() -> None:
    found = read("example.com,株式会社テスト\n".encode("cp932"))
    assert found.lines[0].display_name == "株式会社テスト"


def test_every_bad_line_is_reported() -> None:
    found = read("ok.example\nnot a domain\nok.example\nlocalhost\nx.example,name,extra\nfine.example," + "n" * 101
                 + "\n")
    assert found.lines == tuple(found.lines[:1])
    assert [(e.line, e.code, e.field) for e in found.errors] == [
        (2, "invalid_domain", "domain"), (3, "duplicate_domain", "domain"), (4, "invalid_domain", "domain"),
        (5, "csv_too_many_fields", None), (6, "too_long", "display_name")]
    assert found.errors[1].params == {"domain": "ok.example", "line": 1}


def test_empty_and_unreadable_files() -> None:
    assert [e.code for e in read("\n \n").errors] == ["onboarding_empty"]
    assert [e.code for e in read(b"a.example\n\x81\x20\n").errors] == ["csv_encoding"]
    assert [e.code for e in read('a.example\n"unterminated\n').errors] == ["csv_malformed"]


def test_errors_stop_after_the_cap_and_the_rest_are_counted() -> None:
    found = read("".join(f"bad_{n}\n" for n in range(MAX_ERRORS + 37)))
    assert len(found.errors) == MAX_ERRORS and found.more_errors == 37 and found.error_count == MAX_ERRORS + 37
    assert found.errors[-1].line == MAX_ERRORS


def test_too_many_domains() -> None:
    found = read("".join(f"d{n}.example\n" for n in range(MAX_DOMAINS + 5)))
    assert len(found.lines) == MAX_DOMAINS
    assert [(e.line, e.code) for e in found.errors] == [(MAX_DOMAINS + 1, "csv_too_many_rows")]


def test_display_name_rules() -> None:
    assert display_name("  Shop  ") == "Shop"
    for bad, code in ((3, "not_text"), ("a\tb", "control_characters"), ("x" * 101, "too_long")):
        with pytest.raises(InvalidInput) as caught:
            display_name(bad)
        assert (caught.value.code, caught.value.field) == (code, "display_name")
