"""Provenance figures over the real corpus: every report of every .eml, judged as stored (the corpus mails
carry no SES headers), and again as SES would have stored them (a pass for the mail's own From domain).

    .venv/bin/python -m tests.provenance.figures [corpus folder]"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from chalicelib.dmarc import read_message
from chalicelib.provenance import judge, load_reporters, mail_auth
from chalicelib.provenance.headers import header_fields
from chalicelib.provenance.syntax import address_domains
from tests.provenance.sesmail import wrap


def sender_domain(raw: bytes) -> str | None:
    fields, _ = header_fields(raw, 65536)
    found, _ = address_domains(next((v for n, v in fields if n == "from"), ""))
    return found.pop() if len(found) == 1 else None


def figures(corpus: Path) -> dict[str, Counter[str]]:
    reporters = load_reporters()
    counts: dict[str, Counter[str]] = {"as stored": Counter(), "through SES": Counter()}
    for path in sorted(corpus.glob("*.eml")):
        raw = path.read_bytes()
        reports = read_message(raw, name=path.name).reports
        sender = sender_domain(raw)
        for label, mail in (("as stored", raw), ("through SES", wrap(raw, sender) if sender else raw)):
            auth = mail_auth(mail)
            for report in reports:
                verdict = judge(auth, report.metadata.org_name, report.metadata.email, reporters)
                counts[label][f"{verdict.trust}/{verdict.reason}"] += 1
            if not reports:
                counts[label]["(no aggregate report)"] += 1
    return counts


def verdicts(corpus: Path) -> list[tuple[str, str, str]]:
    reporters = load_reporters()
    out = []
    for path in sorted(corpus.glob("*.eml")):
        raw = path.read_bytes()
        sender = sender_domain(raw)
        auth = mail_auth(wrap(raw, sender)) if sender else None
        for report in read_message(raw, name=path.name).reports:
            verdict = judge(auth, report.metadata.org_name, report.metadata.email, reporters)
            out.append((path.name, verdict.reason, verdict.detail))
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared/corpus/real"
    for label, counter in figures(folder).items():
        print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())))
    for name, reason, detail in verdicts(folder):
        print(f"  {reason:15} {name[:60]:60} {detail}")
