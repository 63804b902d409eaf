"""Which copy of a report counts: the one rule live ingest and `cli reprocess` share (issue: a forged report
with the same key as a genuine one must never win, whatever the arrival order).

- A report counts when its provenance is verified or operator (or when the deployment counts unverified ones).
- Same key, same content: a duplicate; a counting copy of a held one lifts it (UPGRADE).
- Same key, other content: a conflict. A counting copy replaces a non-counting one (REPLACE), whatever came
  first; otherwise the stored copy stays (KEEP). Both ways the conflict is recorded.
- The object the stored copy came from, read again (reprocess after a parser fix): REFRESH."""
from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from chalicelib.dmarc.model import AggregateReport
from chalicelib.ports.ingest import Status
from chalicelib.provenance import Provenance, Trust
from chalicelib.services import digest

CONFLICT = "conflict"  # the failure kind a conflict is recorded under
ACCEPTED = "accepted"  # the provenance reason of a report an operator accepted


class Action(StrEnum):
    CREATE = "create"
    DUPLICATE = "duplicate"
    UPGRADE = "upgrade"
    REFRESH = "refresh"
    REPLACE = "replace"
    KEEP = "keep"


def counts(provenance: Provenance, count_unverified: bool = False) -> bool:
    return count_unverified or provenance.trust in (Trust.VERIFIED, Trust.OPERATOR)


def content_digest(report: AggregateReport) -> str:
    """Equal for equal reports (range, published policy and records), whatever object they came from."""
    return digest.content_digest(report)  # sha256 of repr((begin, end, policy, records)), written faster


class Stored(Protocol):
    """What the rule reads of a stored copy (an aggregate StoredReport, a ports.tls.StoredTls)."""
    @property
    def raw_key(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def provenance(self) -> Provenance: ...
    @property
    def content(self) -> str | None: ...


def decide(existing: Stored | None, content: str, provenance: Provenance, raw_key: str,
           count_unverified: bool = False) -> Action:
    if existing is None:
        return Action.CREATE
    if existing.raw_key == raw_key:
        return Action.REFRESH
    new_counts = counts(provenance, count_unverified)
    old_counts = counts(existing.provenance, count_unverified) and existing.status is not Status.REJECTED
    if existing.content == content:
        return Action.UPGRADE if new_counts and not old_counts else Action.DUPLICATE
    return Action.REPLACE if new_counts and not old_counts else Action.KEEP


def accepted() -> Provenance:
    return Provenance(Trust.OPERATOR, ACCEPTED, None)


def initial_status(provenance: Provenance, claimed: bool, count_unverified: bool = False) -> Status:
    if not counts(provenance, count_unverified):
        return Status.HELD
    return Status.PENDING if claimed else Status.UNCLAIMED


Copy = tuple[str, Provenance, str]  # content digest, provenance, raw object key


def conflict_message(key: str, kept: Copy, other: Copy) -> str:
    """The record of a conflict: both digests, both provenances, both objects."""
    return (f"report {key}: kept {kept[0]} ({kept[1].trust}, {kept[1].reason}, {kept[2]}); "
            f"not counted {other[0]} ({other[1].trust}, {other[1].reason}, {other[2]})")
