"""Reading one Authentication-Results header value (RFC 8601) as SES writes it, e.g.

    amazonses.com; spf=pass (spf=pass: sender IP is 192.0.2.1) smtp.mailfrom=example.com;
     dkim=pass header.i=@example.com; dmarc=pass header.from=example.com;

Tolerant: comments and quoted strings are honoured, case and spacing around "=" do not matter, unknown
methods and stray pieces (older SES values carry "client-ip=...; envelope-from=...; helo=...;" after the spf
comment) are skipped. Nothing here raises: oddities go to `problems`."""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.provenance.syntax import domain, split_outside_quotes, strip_comments, unquote

SES_AUTHSERV_ID = "amazonses.com"
MAX_DKIM_RESULTS = 20
_PAIR = re.compile(r'([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";=]*)')
_WORD = re.compile(r"[a-z][a-z-]{0,30}")


@dataclass(frozen=True, slots=True)
class AuthResults:
    spf: str | None
    dkim: str | None
    dmarc: str | None
    dkim_domains: tuple[str, ...]
    dmarc_domain: str | None
    problems: tuple[str, ...]


def authserv_id(value: str) -> str:
    """The authserv-id of a header value, lower case ("" when there is none)."""
    head, _ = strip_comments(split_outside_quotes(value, ";")[0])
    words = head.split()
    return unquote(words[0]).strip().rstrip(".").lower() if words else ""


def parse(value: str) -> AuthResults:
    text, unclosed = strip_comments(value)
    problems = ["an unclosed comment; the rest of the header was ignored"] if unclosed else []
    results: dict[str, list[tuple[str, dict[str, str]]]] = {"spf": [], "dkim": [], "dmarc": []}
    for piece in split_outside_quotes(text, ";")[1:]:
        pairs = _PAIR.findall(piece)
        if not pairs or pairs[0][0].lower() not in results:
            continue
        method, word = pairs[0][0].lower(), unquote(pairs[0][1]).lower()
        if not _WORD.fullmatch(word):
            problems.append(f"{method}: unreadable result {word[:40]!r}")
            continue
        results[method].append((word, {k.lower(): unquote(v) for k, v in pairs[1:]}))
    for method in ("spf", "dmarc"):
        if len({word for word, _ in results[method]}) > 1:
            problems.append(f"several {method} results; the first was read")
    dkim = results["dkim"][:MAX_DKIM_RESULTS]
    if len(results["dkim"]) > MAX_DKIM_RESULTS:
        problems.append(f"more than {MAX_DKIM_RESULTS} dkim results; the rest was ignored")
    passed = [props for word, props in dkim if word == "pass"]
    dkim_domains = dict.fromkeys(d for props in passed for d in _signing_domains(props))
    dmarc = results["dmarc"][0] if results["dmarc"] else None
    dmarc_from = dmarc[1].get("header.from") if dmarc else None
    return AuthResults(
        spf=results["spf"][0][0] if results["spf"] else None,
        dkim="pass" if passed else (dkim[0][0] if dkim else None),
        dmarc=dmarc[0] if dmarc else None,
        dkim_domains=tuple(dkim_domains),
        dmarc_domain=domain(dmarc_from.rpartition("@")[2]) if dmarc_from else None,
        problems=tuple(problems),
    )


def _signing_domains(props: dict[str, str]) -> list[str]:
    names = [props.get("header.d"), props["header.i"].rpartition("@")[2] if "header.i" in props else None]
    return [d for d in map(domain, names) if d]
