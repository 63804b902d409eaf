"""The checks' view of the DNS: the Resolver port plus what was read (for the record history) and a count of
questions. An unanswerable question (DnsError) propagates; the caller records it as a finding."""
from __future__ import annotations

from chalicelib.ports.dns import Resolver
from chalicelib.posture.model import RecordValue


class Lookup:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.read: dict[tuple[str, str], RecordValue] = {}

    def txt(self, name: str, keep: bool = True) -> tuple[str, ...] | None:
        found = self.resolver.txt(name)
        if keep:
            self.read[(name, "TXT")] = RecordValue(name, "TXT", found)
        return found

    def starting(self, name: str, prefix: str, keep: bool = True) -> tuple[str, ...] | None:
        """The TXT strings of `name` that start with `prefix` (case-insensitive, then a space, ';' or the end);
        None when the name does not exist."""
        found = self.txt(name, keep)
        if found is None:
            return None
        return tuple(v for v in found if _starts(v, prefix))

    def keep(self, name: str, kind: str, values: tuple[str, ...] | None) -> None:
        self.read[(name, kind)] = RecordValue(name, kind, values)


def _starts(value: str, prefix: str) -> bool:
    head = value.strip()
    return head[: len(prefix)].lower() == prefix.lower() and (len(head) == len(prefix) or head[len(prefix)] in " ;\t")


def tags(record: str) -> dict[str, str] | None:
    """`k=v; k=v` tag lists (DMARC, DKIM, MTA-STS, TLS-RPT, BIMI); None when a part has no `=` or a tag repeats."""
    out: dict[str, str] = {}
    for part in record.split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or not key or key in out:
            return None
        out[key] = value.strip()
    return out
