"""Analysis domains: add (claims the domain's reports stored so far), list, remove (soft: data kept, adding
again restores it), and the DNS records the owner must publish so that reports reach Aligned."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.errors import InvalidInput, UnknownDomain
from chalicelib.ports.ingest import Domain, Domains, Reports, Status, Unclaimed, UnclaimedReport

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class DnsRecord:
    name: str
    type: str
    value: str
    purpose: str  # "dmarc" | "report_authorization"
    note: str  # English; clients translate `purpose` with `note_params`
    note_params: dict[str, str]


@dataclass(frozen=True, slots=True)
class DomainView:
    name: str
    created: datetime
    removed: datetime | None
    rua: str
    dns_records: tuple[DnsRecord, ...]  # the records to publish; the ownership token record belongs here too
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class UnclaimedDomain:
    """Reports stored for a policy domain while it was not registered."""
    domain: str
    reports: int
    messages: int
    first_day: date
    last_day: date  # UTC days the reports cover


@dataclass(frozen=True, slots=True)
class Added:
    domain: DomainView
    claimed_days: int  # days rebuilt from reports that arrived before the domain was added
    existed: bool  # it was registered already: nothing changed
    claimed: UnclaimedDomain | None = None  # what registering merged


def summarize(reports: Iterable[UnclaimedReport]) -> list[UnclaimedDomain]:
    """Per domain (by name): report count, messages and the UTC days covered (a report ending at midnight
    does not cover the day it ends on)."""
    by_domain: dict[str, list[UnclaimedReport]] = {}
    for r in reports:
        by_domain.setdefault(r.domain, []).append(r)
    return [UnclaimedDomain(name, len(rs), sum(r.messages for r in rs), min(r.begin for r in rs).date(),
                            max(_last_day(r) for r in rs)) for name, rs in sorted(by_domain.items())]


def _last_day(r: UnclaimedReport) -> date:
    return max(r.begin, r.end - timedelta(microseconds=1)).date()


def domain_name(text: object, field: str = "name") -> str:
    """A domain name as stored: lower case, no trailing dot, IDN labels as A-labels. Raises InvalidInput."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("required", field)
    name = text.strip().rstrip(".").lower()
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidInput("invalid_domain", field, value=text) from None
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels) \
            or labels[-1].isdigit():
        raise InvalidInput("invalid_domain", field, value=text)
    return name


def active_domain(domains: Domains, name: str) -> str:
    """The stored name of a registered, not removed domain; UnknownDomain otherwise."""
    try:
        normal = domain_name(name, "domain")
    except InvalidInput:
        raise UnknownDomain(name) from None
    found = domains.get(normal)
    if found is None or not found.active:
        raise UnknownDomain(name)
    return found.name


def dns_records(domain: str, rua: str) -> tuple[DnsRecord, ...]:
    rua_domain = rua.rsplit("@", 1)[-1]
    records = [DnsRecord(
        f"_dmarc.{domain}", "TXT", f"v=DMARC1; p=none; rua=mailto:{rua}", "dmarc",
        "Publish this if the domain has no DMARC record yet. If it has one, keep its p= and other tags and "
        f"add mailto:{rua} to its rua= list (comma-separated).", {"rua": rua})]
    if rua_domain != domain and not rua_domain.endswith("." + domain):
        records.append(DnsRecord(
            f"{domain}._report._dmarc.{rua_domain}", "TXT", "v=DMARC1", "report_authorization",
            f"Published in the zone of {rua_domain} (RFC 7489 section 7.1): it tells receivers that {rua_domain} "
            f"accepts reports for {domain}. Without it most receivers send no reports.",
            {"rua_domain": rua_domain, "domain": domain}))
    return tuple(records)


class DomainService:
    def __init__(self, domains: Domains, claim: Callable[[str], int], rua: str, reports: Reports,
                 unclaimed: Unclaimed, on_remove: Callable[[str], object] = lambda name: None) -> None:
        """``on_remove(name)`` runs after a domain is removed (the composition root closes its alerts there)."""
        self.domains, self.claim, self.rua, self.on_remove = domains, claim, rua, on_remove
        self.reports, self.unclaimed_reports = reports, unclaimed

    def view(self, domain: Domain) -> DomainView:
        return DomainView(domain.name, domain.created, domain.removed, self.rua, dns_records(domain.name, self.rua),
                          domain.display_name)

    def list(self, include_removed: bool = False) -> list[DomainView]:
        return [self.view(d) for d in self.domains.list(include_removed)]

    def get(self, name: str) -> DomainView:
        found = self.domains.get(active_domain(self.domains, name))
        assert found is not None
        return self.view(found)

    def add(self, name: object, display_name: str = "") -> Added:
        normal = domain_name(name)
        before = self.domains.get(normal)
        if before is not None and before.active:
            return Added(self.view(before), 0, True)
        domain = self.domains.add(normal, display_name)
        waiting = summarize(UnclaimedReport(s.domain, s.begin, s.end, s.message_count)
                            for s in self.reports.by_domain(domain.name) if s.status is Status.UNCLAIMED)
        return Added(self.view(domain), self.claim(domain.name), False, waiting[0] if waiting else None)

    def unclaimed(self) -> tuple[UnclaimedDomain, ...]:
        """Policy domains with reports stored while they were not registered, and not registered now."""
        return tuple(u for u in summarize(self.unclaimed_reports.reports()) if not self._active(u.domain))

    def _active(self, name: str) -> bool:
        found = self.domains.get(name)
        return found is not None and found.active

    def remove(self, name: str) -> None:
        normal = active_domain(self.domains, name)
        if not self.domains.remove(normal):
            raise UnknownDomain(name)
        self.on_remove(normal)
