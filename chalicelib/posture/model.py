"""Value objects of a posture check: findings, the records read, and the check as a whole."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True, slots=True)
class Finding:
    area: str  # dmarc, spf, dkim, mta_sts, tls_rpt, bimi
    code: str  # a key of posture.texts.TEXTS
    severity: Severity
    record: str  # the DNS name (or URL) the finding is about
    params: tuple[tuple[str, str], ...] = ()  # values the texts are made from

    def param(self, key: str) -> str:
        return dict(self.params).get(key, "")


@dataclass(frozen=True, slots=True)
class RecordValue:
    """What a name held when checked: its values (TXT strings, a policy file), or None when it did not exist."""
    name: str
    kind: str  # TXT, HTTPS
    values: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class PostureCheck:
    domain: str
    at: datetime
    findings: tuple[Finding, ...]
    records: tuple[RecordValue, ...]

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


@dataclass(frozen=True, slots=True)
class RecordChange:
    domain: str
    at: datetime
    name: str
    kind: str
    before: tuple[str, ...] | None
    after: tuple[str, ...] | None


def changes(before: PostureCheck | None, after: PostureCheck) -> tuple[RecordChange, ...]:
    """The records whose values differ from the previous check (none on the first check)."""
    if before is None:
        return ()
    old = {(r.name, r.kind): r.values for r in before.records}
    return tuple(RecordChange(after.domain, after.at, r.name, r.kind, old[(r.name, r.kind)], r.values)
                 for r in after.records
                 if (r.name, r.kind) in old and _norm(old[(r.name, r.kind)]) != _norm(r.values))


def _norm(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(sorted(values))
