"""The figures of the closing note: the real corpus's report mails, as stored and as SES would store them, and
generated genuine / forged mails for every reporter of the map."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from chalicelib.provenance import judge, load_reporters, mail_auth
from tests.provenance.figures import figures
from tests.provenance.sesmail import report_mail, wrap

REPORTERS = load_reporters()


def test_corpus_figures(corpus_dir: Path) -> None:
    counts = figures(corpus_dir)
    assert counts["as stored"] == Counter({"unverified/no_ses_header": 13, "(no aggregate report)": 8})
    # multipart-report-with-html.eml: a google.com report sent From microsoft.com (a test fixture's mix-up).
    assert counts["through SES"] == Counter({"verified/verified": 12, "unverified/from_mismatch": 1,
                                             "(no aggregate report)": 8})


def generated() -> Counter[str]:
    counts: Counter[str] = Counter()
    for reporter in REPORTERS.reporters:
        org, sender = reporter.org_names[0], reporter.from_domains[0]
        genuine = wrap(report_mail(f"dmarc@{sender}"), sender)
        freemail = wrap(report_mail("dmarc.reports@gmail.com"), "gmail.com")
        failing = wrap(report_mail(f"dmarc@{sender}"), sender, dmarc="fail", dkim="fail")
        lower = f"Authentication-Results: amazonses.com; dmarc=pass header.from={sender}\r\n".encode()
        forged_below = wrap(report_mail(f"dmarc@{sender}", lower), sender, dmarc="fail", dkim="fail")
        unsigned = report_mail(f"dmarc@{sender}")
        for mail in (genuine, freemail, failing, forged_below, unsigned):
            verdict = judge(mail_auth(mail), org, f"dmarc@{sender}", REPORTERS)
            counts[f"{verdict.trust}/{verdict.reason}"] += 1
    return counts


def test_generated_figures() -> None:
    n = len(REPORTERS.reporters)
    assert generated() == Counter({"verified/verified": n, "unverified/from_mismatch": n,
                                   "unverified/dmarc_fail": 2 * n, "unverified/no_ses_header": n})
