from __future__ import annotations

from chalicelib.registry import LineError, export_csv, import_csv, make_entry


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
