"""The ports the use cases need, and the value objects that cross them."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from chalicelib.analysis.facts import Fact
from chalicelib.dmarc.model import AggregateReport
from chalicelib.provenance import Provenance

T = TypeVar("T")


class Status(StrEnum):
    PENDING = "pending"  # report item written, day rollups not (all) merged yet
    APPLIED = "applied"  # merged into every day rollup it covers
    UNCLAIMED = "unclaimed"  # its domain is not registered: stored, not merged (see ReprocessService.claim)
    HELD = "held"  # not authenticated: stored and listed, merged into nothing until an operator accepts it
    REJECTED = "rejected"  # an operator rejected it: kept (with its raw mail), never merged

    @property
    def counted(self) -> bool:
        """Whether a report in this status may count anywhere (figures, policy shown, alert arrivals)."""
        return self not in (Status.HELD, Status.REJECTED)


@dataclass(frozen=True, slots=True)
class StoredReport:
    key: str
    domain: str
    org_name: str
    report_id: str
    begin: datetime
    end: datetime
    raw_key: str
    status: Status
    record_count: int
    message_count: int
    warnings: tuple[str, ...]
    digest: str  # of the stored records: equal digests, equal content
    provenance: Provenance  # who sent it and whether that is authenticated (chalicelib.provenance)
    content: str | None = None  # services.trust.content_digest of the report; None for items stored before it


@dataclass(frozen=True, slots=True)
class Failure:
    object_key: str  # the latest raw object the mail was read from
    kind: str  # an ErrorKind value, or "missing_object"
    message: str
    at: datetime
    digest: str = ""  # of the raw mail: the same mail is one row however often it is stored; "" -> object_key
    name: str = ""  # the original file name (cli import)
    subject: str = ""
    sender: str = ""  # the From header
    reports: int = 0  # reports the message did give: > 0 means it was ingested only in part

    @property
    def id(self) -> str:
        return self.digest or self.object_key


@dataclass(frozen=True, slots=True)
class FailureFilter:
    start: date | None = None  # UTC days, inclusive
    end: date | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class UnclaimedReport:
    """A stored report whose domain was not registered when it arrived."""
    domain: str
    begin: datetime
    end: datetime
    messages: int


@dataclass(frozen=True, slots=True)
class Domain:
    name: str
    created: datetime
    removed: datetime | None = None
    org: str | None = None  # the organization it belongs to (None: registered before organizations; operator's)
    proven: datetime | None = None  # ownership proven (DNS TXT) or assigned by the operator
    display_name: str = ""  # the owner's name for it (bulk onboarding), "" when none was given

    @property
    def active(self) -> bool:
        return self.removed is None

    @property
    def visible_from(self) -> date | None:
        """The first UTC day its organization may see: the registration day until ownership is proven
        (older reports stay hidden); None (everything) once proven, or when no organization owns it."""
        return None if self.proven is not None or self.org is None else self.created.date()


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    next_token: str | None  # pass back to get the next page; None on the last page


@dataclass(frozen=True, slots=True)
class DayState:
    """What a rebuild needs to know of a day rollup to replace it without losing a concurrent merge."""
    version: int | None  # None: no rollup item yet
    units: frozenset[str]


class NotFound(Exception):
    """The raw object is not there (deleted, or a notification for a key never written)."""


class RawMail(Protocol):
    def get(self, bucket: str, key: str) -> bytes: ...

    def put(self, bucket: str, key: str, data: bytes) -> None: ...

    def keys(self, bucket: str, prefix: str, since: date | None = None) -> Iterator[str]:
        """Object keys under `prefix`, last modified on or after `since` (UTC day) when given."""
        ...


class Reports(Protocol):
    def get(self, key: str) -> StoredReport | None: ...

    def create(self, key: str, report: AggregateReport, raw_key: str, status: Status,
               provenance: Provenance | None = None, content: str | None = None) -> bool:
        """Stores a new report item (records included); False, writing nothing visible, if the key exists.
        No provenance: the operator's (provenance.operator())."""
        ...

    def replace(self, key: str, report: AggregateReport, raw_key: str, status: Status,
                provenance: Provenance | None = None, content: str | None = None) -> bool:
        """Overwrites the report item; False (nothing written) when it already holds exactly this content."""
        ...

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None:
        """Changes the status (and the provenance, when given) of a stored report."""
        ...

    def held(self, limit: int, token: str | None = None) -> Page[StoredReport]:
        """Reports with status HELD, newest stored first, across all domains."""
        ...

    def held_rows(self, token: str | None, batch: int) -> Iterator[tuple[StoredReport, str | None]]:
        """The same rows one by one from `token`, each with the token that resumes after it (chalicelib.ports.rows),
        `batch` rows per store read."""
        ...

    def load(self, key: str) -> AggregateReport:
        """The stored report with all its records."""
        ...

    def by_domain(self, domain: str, begin_from: datetime | None = None,
                  begin_to: datetime | None = None) -> Iterator[StoredReport]:
        """The domain's reports by begin time (ascending), optionally begin_from <= begin <= begin_to."""
        ...

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[StoredReport]: ...


class Rollups(Protocol):
    def merge(self, domain: str, day: date, unit: str, facts: Sequence[Fact]) -> bool:
        """Adds facts to the day unless `unit` was merged already (then False). Never loses a concurrent merge."""
        ...

    def state(self, domain: str, day: date) -> DayState: ...

    def replace(self, domain: str, day: date, expected: DayState, units: frozenset[str],
                facts: Sequence[Fact]) -> bool:
        """Replaces the day's content if it is still `expected`; False when a merge came in between."""
        ...

    def facts(self, domain: str, start: date, end: date) -> list[Fact]:
        """Every fact of the days start..end (inclusive)."""
        ...

    def days(self, domain: str) -> list[date]: ...

    def fact_chunks(self, domain: str, start: date, end: date) -> Iterator[list[Fact]]:
        """The facts of the days start..end in day order, a bounded part at a time."""
        ...


class Domains(Protocol):
    def get(self, name: str) -> Domain | None: ...

    def add(self, name: str, org: str | None = None, proven: datetime | None = None, display_name: str = ""
            ) -> Domain:
        """Registers `name` for `org` unless it is registered (then returns it as it is); again, if it was
        removed, with the display name given now."""
        ...

    def assign(self, name: str, org: str | None, proven: datetime | None, expected: Domain) -> Domain | None:
        """Gives a registered domain to `org`, in one conditional write: only while its owner and proof are still
        those of `expected` (what the caller read and checked); raises ClaimChanged otherwise, changing nothing.
        None when it is not registered (or removed). Another organization's display name for it goes."""
        ...

    def remove(self, name: str) -> bool: ...

    def list(self, include_removed: bool = False) -> list[Domain]: ...


class Failures(Protocol):
    def record(self, failure: Failure) -> None:
        """Writes the row `failure.id`, replacing the one of an earlier read of the same mail."""
        ...

    def get(self, failure_id: str) -> Failure | None: ...

    def clear(self, failure_id: str) -> None: ...

    def page(self, limit: int, token: str | None = None, where: FailureFilter | None = None) -> Page[Failure]:
        """Newest first; with `where`, only those recorded on where.start..where.end (UTC days, each optional)
        and of where.kind (if given)."""
        ...

    def rows(self, token: str | None, where: FailureFilter | None, batch: int
             ) -> Iterator[tuple[Failure, str | None]]:
        """The rows of `page` one by one from `token`, each with the token that resumes after it
        (chalicelib.ports.rows), `batch` rows per store read."""
        ...


class Unclaimed(Protocol):
    def reports(self) -> Iterator[UnclaimedReport]:
        """Every report stored as unclaimed (status UNCLAIMED), in no particular order."""
        ...


class TrustedReporters(Protocol):
    """The operator's allow-list of reporter mail domains ("trust this reporter from now on")."""

    def list(self) -> frozenset[str]: ...

    def add(self, domain: str) -> None: ...

    def remove(self, domain: str) -> bool: ...
