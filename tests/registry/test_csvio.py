from __future__ import annotations

import pytest

from chalicelib.errors import RegistryError
from chalicelib.registry import LineError, export_csv, import_csv, make_entry
from chalicelib.registry.csvio import MAX_IMPORT_BYTES, MAX_LINE_ERRORS


def test_import_tolerates_bom_crlf_blank_lines_quotes_and_japanese() -> None:
    text = ('cidr,tag,comment\r\n\r\n192.0.2.0/24,本社,"東京, 大手町"\r\n'
            '"2001:db8::/32","v6","複数行の\r\nコメント"\r\n   \r\n198.51.100.7,外部,\r\n')
    result = import_csv(text.encode("utf-8-sig"))
    assert result.ok
    assert [(e.key, e.tag, e.comment) for e in result.entries] == [
        ("192.0.2.0/24", "本社", "東京, 大手町"), ("2001:db8::/32", "v6", "複数行の コメント"),
        ("198.51.100.7/32", "外部", ""),
    ]


def test_errors_per_line() -> None:
    text = "\n".join([
        "Tag,CIDR",                  # 1: header, any order and case, comment column optional
        "mail,192.0.2.0/24",         # 2: ok
        "mail,192.0.2.5/24",         # 3: host bits
        ",198.51.100.0/24",          # 4: no tag
        "x,999.1.1.1",               # 5: bad address
        "",                          # 6: blank
        "dup,192.0.2.0/24",          # 7: duplicate of line 2
        "a,203.0.113.0/24,extra",    # 8: too many fields
        "ok,203.0.113.0/24",         # 9: ok
    ])
    result = import_csv(text)
    assert [e.key for e in result.entries] == ["192.0.2.0/24", "203.0.113.0/24"]
    assert [(e.line, e.field) for e in result.errors] == [(3, "cidr"), (4, "tag"), (5, "cidr"), (7, "cidr"),
                                                          (8, None)]
    assert "did you mean 192.0.2.0/24" in result.errors[0].message
    assert "duplicates line 2" in result.errors[3].message


def test_line_numbers_count_multiline_fields() -> None:
    result = import_csv('cidr,tag,comment\n1.2.3.0/24,a,"x\ny\nz"\nbad,b,\n')
    assert result.errors == (LineError(5, "invalid_cidr", "cidr", {"value": "bad"}),)
    assert result.errors[0].message == "cidr: 'bad' is not a valid IPv4 or IPv6 network"


def test_shift_jis_from_japanese_excel() -> None:
    result = import_csv("cidr,tag,comment\r\n192.0.2.0/24,営業部,メール配信\r\n".encode("cp932"))
    assert result.ok and result.entries[0].tag == "営業部"


def test_header_and_file_errors() -> None:
    assert import_csv("192.0.2.0/24,a,b\n").errors == (LineError(1, "csv_header"),)
    assert import_csv("").errors == (LineError(0, "csv_empty"),)
    assert import_csv(b"\xff\xfe\x00garbage\x80\x81").errors == (LineError(0, "csv_encoding"),)
    assert import_csv('cidr,tag\n1.2.3.0/24,a\n1.2.3.0/24,b\n').errors == (
        LineError(3, "csv_duplicate", "cidr", {"cidr": "1.2.3.0/24", "line": 2}),)
    assert import_csv('cidr,tag\n"unterminated,x\n').entries == ()


def test_export_round_trip_with_bom_and_injection_guard() -> None:
    entries = [make_entry("2001:db8::/32", "v6"), make_entry("192.0.2.0/24", "=cmd|' /C calc'!A0", "@SUM(1)"),
               make_entry("10.0.0.0/8", "社内", "コメント, カンマ")]
    body = export_csv(entries)
    assert body.startswith(b"\xef\xbb\xbfcidr,tag,comment\r\n10.0.0.0/8,")
    assert "'=cmd" in body.decode("utf-8-sig") and "'@SUM(1)" in body.decode("utf-8-sig")
    back = import_csv(body)
    assert back.ok and sorted(back.entries, key=str) == sorted(entries, key=str)


def _junk(size: int) -> bytes:
    """A header, then junk lines (each one an error) up to about `size` bytes."""
    lines = [b"cidr,tag,comment"]
    total, n = 0, 0
    while total < size:
        line = f"junk{n},x,".encode()
        lines.append(line)
        total += len(line) + 1
        n += 1
    return b"\n".join(lines) + b"\n"


def test_a_file_of_junk_stops_after_a_hundred_errors_and_counts_the_lines_left() -> None:
    import tracemalloc

    data = _junk(MAX_IMPORT_BYTES - 100)
    bad_lines = data.count(b"\n") - 1
    tracemalloc.start()
    try:
        result = import_csv(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(result.errors) == MAX_LINE_ERRORS + 1
    assert [e.line for e in result.errors[:3]] == [2, 3, 4]
    left = bad_lines - MAX_LINE_ERRORS
    assert bad_lines > 300_000
    assert result.errors[-1] == LineError(0, "csv_more_errors", params={"count": left})
    assert result.problems == MAX_LINE_ERRORS
    assert result.errors[-1].message == f"the check stopped there: {left} more lines were not checked"
    assert peak < 8 * MAX_IMPORT_BYTES  # the text decoded once (str of ASCII: 1 byte a character), not a list


def test_a_body_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(RegistryError) as raised:
        import_csv(b"\xff" * (MAX_IMPORT_BYTES + 1))  # not even decodable: the size is checked first
    assert raised.value.code == "import_too_large"
    assert raised.value.params == {"size": MAX_IMPORT_BYTES + 1, "max": MAX_IMPORT_BYTES}
    assert import_csv(_junk(MAX_IMPORT_BYTES - 100)).errors  # just under: read
