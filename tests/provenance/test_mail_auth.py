"""mail_auth reads only SES's topmost Authentication-Results and the top header block."""
from __future__ import annotations

from chalicelib.provenance import mail_auth
from tests.provenance.sesmail import report_mail, wrap

GOOGLE = report_mail("noreply-dmarc-support@google.com")


def test_reads_what_ses_prepended() -> None:
    auth = mail_auth(wrap(GOOGLE, "google.com"))
    assert auth is not None
    assert (auth.from_domain, auth.spf, auth.dkim, auth.dmarc) == ("google.com", "pass", "pass", "pass")
    assert auth.dkim_domains == ("google.com",) and auth.dmarc_domain == "google.com"
    assert (auth.spam, auth.virus, auth.problems) == ("PASS", "PASS", ())


def test_no_ses_header_is_none() -> None:
    assert mail_auth(GOOGLE) is None
    assert mail_auth(b"") is None
    forged_lower = report_mail("x@google.com", b"Authentication-Results: mx.example.net; dmarc=pass\r\n")
    assert mail_auth(forged_lower) is None


def test_a_forged_ses_header_below_is_ignored() -> None:
    forged = (b"Authentication-Results: amazonses.com; dkim=pass header.i=@evil.example;"
              b" dmarc=pass header.from=evil.example\r\n")
    auth = mail_auth(wrap(report_mail("x@evil.example", forged), "evil.example", dmarc="fail", dkim="fail"))
    assert auth is not None and auth.dmarc == "fail" and auth.dkim == "fail" and auth.dkim_domains == ()
    assert any("topmost was read" in p for p in auth.problems)


def test_the_body_is_never_read() -> None:
    mail = report_mail("x@evil.example") + b"\r\nAuthentication-Results: amazonses.com; dmarc=pass\r\n"
    assert mail_auth(mail) is None


def test_folding_comments_quotes_and_case() -> None:
    raw = (b"AUTHENTICATION-RESULTS:  AmazonSES.com ;\r\n\tSPF = Pass (a comment; with (nested) parens)"
           b" smtp.mailfrom=x@example.org;\n dkim=neutral header.d=other.example;\r\n"
           b" dkim=PASS (ok) header.d=\"example.org\""
           b" header.i=@mail.Example.ORG;\r\n dmarc=pass (p=reject) header.from=Example.org\r\n"
           b"from: =?utf-8?B?5L6L?= <reports@Example.org>\r\n\r\n")
    auth = mail_auth(raw)
    assert auth is not None
    assert (auth.spf, auth.dkim, auth.dmarc, auth.from_domain) == ("pass", "pass", "pass", "example.org")
    assert auth.dkim_domains == ("example.org", "mail.example.org") and auth.dmarc_domain == "example.org"


def test_non_ascii_domains_become_a_labels() -> None:
    raw = ("Authentication-Results: amazonses.com; dmarc=pass header.from=例え.jp\r\n"
           "From: 報告 <dmarc@例え.jp>\r\n\r\n").encode()
    auth = mail_auth(raw)
    assert auth is not None and auth.from_domain == auth.dmarc_domain == "xn--r8jz45g.jp"


def test_several_from_headers_give_no_domain() -> None:
    raw = wrap(report_mail("a@google.com", b"From: b@evil.example\r\n"), "google.com")
    auth = mail_auth(raw)
    assert auth is not None and auth.from_domain is None and "2 From headers" in auth.problems


def test_oversized_header_block_is_cut_and_noted() -> None:
    raw = wrap(report_mail("x@google.com", b"X-Filler: " + b"a" * 100_000 + b"\r\n"), "google.com")
    auth = mail_auth(raw, max_header_bytes=4096)
    assert auth is not None and auth.dmarc == "pass" and auth.from_domain is None
    assert any("longer than 4096 bytes" in p for p in auth.problems)


def test_unreadable_values_are_problems_not_errors() -> None:
    raw = (b"Authentication-Results: amazonses.com; dkim=pass (unclosed comment header.d=x.example\r\n"
           b"Authentication-Results: amazonses.com; dmarc=\xff\xfe header.from=\xc3(\r\nFrom: <@>\r\n\r\n")
    auth = mail_auth(raw)
    assert auth is not None and auth.dkim == "pass" and auth.dkim_domains == () and auth.from_domain is None
    assert any("unclosed comment" in p for p in auth.problems)


def test_old_ses_format_with_stray_pieces() -> None:
    raw = (b"Authentication-Results: amazonses.com; spf=none (spfCheck: 192.0.2.1 is neither permitted nor denied"
           b" by domain of example.jp) client-ip=192.0.2.1; envelope-from=bb@example.jp; helo=mail.example.jp;"
           b" dkim=pass header.i=@example.jp; dmarc=none header.from=example.jp;\r\nFrom: bb@example.jp\r\n\r\n")
    auth = mail_auth(raw)
    assert auth is not None and (auth.spf, auth.dkim, auth.dmarc) == ("none", "pass", "none")
