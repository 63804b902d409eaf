"""Property: no byte string makes mail_auth or judge raise; the outcome is None or a well-formed MailAuth."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.provenance import REASONS, MailAuth, judge, load_reporters, mail_auth
from tests.provenance.sesmail import report_mail, wrap

SETTINGS = settings(deadline=None, database=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
REPORTERS = load_reporters()
TOKENS = [b"Authentication-Results:", b" amazonses.com", b";", b"(", b")", b"\"", b"\\", b"=", b"\r\n", b"\n",
          b"\r\n ", b"\t", b"dkim", b"dmarc", b"spf", b"pass", b"header.i=@", b"header.d", b"header.from",
          b"From:", b"<", b">", b"@", b",", b"=?utf-8?B?5L6L?=", b"\xff", b"\xc3(", "例え.jp".encode(),
          b"X-SES-Virus-Verdict: FAIL", b"google.com", b"xn--", b"-", b".", b"\x00", b"a" * 70]
SEED = wrap(report_mail("noreply-dmarc-support@google.com"), "google.com")
pieces = st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=20)), max_size=60).map(b"".join)


def check(raw: bytes) -> None:
    auth = mail_auth(raw, max_header_bytes=2048)
    assert auth is None or isinstance(auth, MailAuth)
    if auth is not None:
        assert all(isinstance(p, str) for p in auth.problems)
        assert auth.from_domain is None or auth.from_domain.isascii()
    assert judge(auth, "google.com", "x@google.com", REPORTERS).reason in REASONS


@SETTINGS
@given(pieces)
def test_random_header_bytes(raw: bytes) -> None:
    check(raw)


@SETTINGS
@given(pieces, st.integers(min_value=0, max_value=len(SEED)))
def test_random_bytes_spliced_into_an_ses_mail(noise: bytes, at: int) -> None:
    check(SEED[:at] + noise + SEED[at:])
