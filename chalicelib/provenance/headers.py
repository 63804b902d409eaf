"""mail_auth: what SES computed for a raw mail, from the headers it prepended (never raises).

SES stores each received mail in S3 with its verdicts on top of the original header block:
``X-SES-Spam-Verdict``, ``X-SES-Virus-Verdict``, ``Received-SPF`` and ``Authentication-Results: amazonses.com;
...``. Only the top header block is read, at most ``max_header_bytes`` of it, and from it only the topmost
Authentication-Results whose authserv-id is amazonses.com: any lower one was written by someone else (the
sender can write any header). The verdict headers are read the same way (topmost wins). Received-SPF is not
read: the spf= result of Authentication-Results says the same, and DMARC is what decides."""
from __future__ import annotations

import re

from chalicelib.provenance import authres
from chalicelib.provenance.model import MailAuth
from chalicelib.provenance.syntax import address_domains

_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")
_NAME = re.compile(rb"[!-9;-~]+")


def mail_auth(raw: bytes, max_header_bytes: int = 65536) -> MailAuth | None:
    """What SES computed for the mail, or None when the header block has no Authentication-Results from SES."""
    fields, problems = header_fields(raw, max_header_bytes)
    results = [v for n, v in fields if n == "authentication-results"]
    ses = [i for i, v in enumerate(results) if authres.authserv_id(v) == authres.SES_AUTHSERV_ID]
    if not ses:
        return None
    if len(ses) > 1:
        problems.append(f"{len(ses)} Authentication-Results from {authres.SES_AUTHSERV_ID}; the topmost was read")
    if ses[0] > 0:
        problems.append(f"{ses[0]} Authentication-Results above the one from {authres.SES_AUTHSERV_ID}")
    found = authres.parse(results[ses[0]])
    return MailAuth(
        from_domain=_from_domain([v for n, v in fields if n == "from"], problems),
        spf=found.spf, dkim=found.dkim, dmarc=found.dmarc, dkim_domains=found.dkim_domains,
        spam=_verdict(fields, "x-ses-spam-verdict", problems),
        virus=_verdict(fields, "x-ses-virus-verdict", problems),
        problems=(*problems, *found.problems), dmarc_domain=found.dmarc_domain,
    )


def header_fields(raw: bytes, max_bytes: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The fields of the top header block, in order: (lower-case name, unfolded value decoded as UTF-8 with
    replacement characters); and the problems met. Reads at most ``max_bytes`` bytes."""
    problems: list[str] = []
    end = _END_OF_HEADERS.search(raw, 0, max_bytes + 4)
    if raw.startswith((b"\n", b"\r\n")):
        block = b""
    elif end and end.start() <= max_bytes:
        block = raw[:end.start()]
    elif len(raw) > max_bytes:
        block = raw[:max_bytes].rpartition(b"\n")[0]
        problems.append(f"the header block is longer than {max_bytes} bytes; the rest was not read")
    else:
        block = raw
    fields: list[tuple[bytes, list[bytes]]] = []
    skipped = 0
    for line in block.split(b"\n"):
        line = line.removesuffix(b"\r")
        if line[:1] in (b" ", b"\t"):
            if fields:
                fields[-1][1].append(line)
            continue
        name, colon, value = line.partition(b":")
        if colon and _NAME.fullmatch(name.rstrip(b" \t")):
            fields.append((name.rstrip(b" \t"), [value]))
        else:
            skipped += 1
    if skipped:
        problems.append(f"{skipped} header line(s) that are not fields were skipped")
    return [(n.decode("ascii").lower(), b"".join(v).decode("utf-8", "replace").strip()) for n, v in fields], problems


def _from_domain(values: list[str], problems: list[str]) -> str | None:
    if not values:
        problems.append("no From header")
        return None
    if len(values) > 1:
        problems.append(f"{len(values)} From headers")
        return None
    found, bad = address_domains(values[0])
    if len(found) != 1 or bad:
        problems.append(f"the From header gives no single domain: {values[0][:80]!r}")
        return None
    return found.pop()


def _verdict(fields: list[tuple[str, str]], name: str, problems: list[str]) -> str | None:
    values = [v for n, v in fields if n == name]
    if len(values) > 1:
        problems.append(f"{len(values)} {name} headers; the topmost was read")
    word = values[0].split()[0].upper()[:40] if values and values[0].split() else None
    return word
