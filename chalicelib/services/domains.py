"""Analysis domains: add (claims the domain's reports stored so far), list, remove (soft: data kept, adding
again restores it), and the DNS records the owner must publish so that reports reach Aligned."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from chalicelib.access.ownership import OwnershipState, VerificationRecord, published, verification_record
from chalicelib.access.permissions import Permission
from chalicelib.access.principal import LOCAL_OPERATOR, Principal
from chalicelib.errors import ClaimChanged, Conflict, InvalidInput, UnknownDomain, UnknownOrganization
from chalicelib.ports.dns import DnsError, Resolver
from chalicelib.ports.ingest import Domain, Domains, Reports, Status, Unclaimed, UnclaimedReport
from chalicelib.services.handover import changes_hands

if TYPE_CHECKING:
    from chalicelib.access.scope import Scope

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class DnsRecord:
    name: str
    type: str
    value: str
    purpose: str  # "dmarc" | "report_authorization" | "verify" (the ownership proof, while unproven)
    note: str  # English; clients translate `purpose` with `note_params`
    note_params: dict[str, str]


@dataclass(frozen=True, slots=True)
class DomainView:
    name: str
    created: datetime
    removed: datetime | None
    rua: str
    dns_records: tuple[DnsRecord, ...]  # the records to publish (the ownership TXT record: `verification`)
    org: str | None = None
    ownership: OwnershipState = OwnershipState.UNOWNED
    proven: datetime | None = None
    visible_from: date | None = None  # older reports stay hidden until ownership is proven
    verification: VerificationRecord | None = None  # the TXT record to publish while unproven
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
    return active_record(domains, name).name


def active_record(domains: Domains, name: str) -> Domain:
    """A registered, not removed domain (its organization and proof too); UnknownDomain otherwise."""
    try:
        normal = domain_name(name, "domain")
    except InvalidInput:
        raise UnknownDomain(name) from None
    found = domains.get(normal)
    if found is None or not found.active:
        raise UnknownDomain(name)
    return found


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


@dataclass(frozen=True, slots=True)
class Ownership:
    """How ownership is proven: the resolver asks for the TXT record; `secret()` is the deployment's."""
    resolver: Resolver
    secret: Callable[[], bytes]
    organizations: Callable[[str], object | None]  # the organization of an id, None when there is none
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


def ownership_state(domain: Domain) -> OwnershipState:
    if domain.org is None:
        return OwnershipState.UNOWNED
    return OwnershipState.PROVEN if domain.proven is not None else OwnershipState.UNPROVEN


class DomainService:
    def __init__(self, domains: Domains, claim: Callable[[str], int], rua: str, reports: Reports,
                 unclaimed: Unclaimed, on_remove: Callable[[str], object] = lambda name: None,
                 ownership: Ownership | None = None, on_handover: Callable[[str], object] = lambda name: None
                 ) -> None:
        """``on_remove(name)`` runs after a domain is removed (the composition root closes its alerts there);
        ``on_handover(name)`` after a domain another organization held became a new one's (the composition root
        deletes the previous organization's settings there: chalicelib/services/handover.py)."""
        self.domains, self.claim, self.rua, self.on_remove = domains, claim, rua, on_remove
        self.reports, self.unclaimed_reports, self.ownership = reports, unclaimed, ownership
        self.on_handover = on_handover

    def record(self, org: str, name: str) -> VerificationRecord | None:
        return None if self.ownership is None else verification_record(self.ownership.secret(), org, name)

    def claim_record(self, org: str, name: object) -> tuple[str, VerificationRecord | None]:
        """The TXT record `org` publishes to prove it owns the domain (404 for an organization that is not)."""
        self._known(org)
        normal = domain_name(name)
        return normal, self.record(org, normal)

    def _known(self, org: str) -> str:
        if self.ownership is not None and self.ownership.organizations(org) is None:
            raise UnknownOrganization(org)
        return org

    def view(self, domain: Domain) -> DomainView:
        state = ownership_state(domain)
        record = self.record(domain.org, domain.name) if domain.org and state is OwnershipState.UNPROVEN else None
        return DomainView(domain.name, domain.created, domain.removed, self.rua, dns_records(domain.name, self.rua),
                          domain.org, state, domain.proven, domain.visible_from, record, domain.display_name)

    def list(self, include_removed: bool = False, scope: Scope | None = None) -> list[DomainView]:
        found = self.domains.list(include_removed)
        if scope is not None and not scope.everything:
            found = [d for d in found if scope.principal.sees(d.org)]
        return [self.view(d) for d in found]

    def get(self, name: str) -> DomainView:
        found = self.domains.get(active_domain(self.domains, name))
        assert found is not None
        return self.view(found)

    def add(self, name: object, org: object = None, principal: Principal = LOCAL_OPERATOR,
            prove: bool = True, display_name: str = "") -> Added:
        """Registers the domain for `org`. By the operator: proven at once, the stored reports claimed (unless
        `prove` is False: the organization proves it itself). By an organization: unproven (new reports are
        collected, older ones stay hidden until the TXT proof)."""
        normal = domain_name(name)
        owner = self._owner(org, principal)
        before = self.domains.get(normal)
        if before is not None and before.active:
            return self._registered(before, owner, principal)
        proven = self._now() if principal.operator and (prove or owner is None) else None
        domain = self.domains.add(normal, owner, proven, display_name)
        if (domain.org, domain.proven) != (owner, proven):  # registered meanwhile by someone else
            return self._registered(domain, owner, principal)
        if before is not None and changes_hands(before.org, owner):
            self.on_handover(normal)
        if proven is None:
            return Added(self.view(domain), 0, False, None)
        waiting = summarize(UnclaimedReport(s.domain, s.begin, s.end, s.message_count)
                            for s in self.reports.by_domain(domain.name) if s.status is Status.UNCLAIMED)
        return Added(self.view(domain), self.claim(domain.name), False, waiting[0] if waiting else None)

    def _registered(self, found: Domain, owner: str | None, principal: Principal) -> Added:
        """Adding a domain that is registered: nothing changes; 409 when another organization holds it."""
        if found.org == owner or principal.operator:
            return Added(self.view(found), 0, True)
        record = self.record(owner or "", found.name)
        raise Conflict("domain_held", "name", domain=found.name, record_name=record.name if record else "",
                       record_value=record.value if record else "")

    def _owner(self, org: object, principal: Principal) -> str | None:
        if org is None or org == "":
            if principal.operator:
                return None
            mine = sorted(principal.orgs(Permission.DOMAINS_WRITE))
            if len(mine) != 1:
                raise InvalidInput("org_required", "org")
            return mine[0]
        if not isinstance(org, str):
            raise InvalidInput("not_text", "org")
        if not principal.operator and org not in principal.orgs(Permission.DOMAINS_WRITE):
            raise UnknownOrganization(org)
        return self._known(org)

    def _now(self) -> datetime:
        return self.ownership.clock() if self.ownership is not None else datetime.now(UTC)

    def verify(self, org: str, name: object) -> DomainView:
        """Checks the TXT proof of `org` for the domain: registers it for `org` (or moves it from an organization
        that had not proven it), proven, and claims every stored report. 409 when another organization proved it
        first (only the operator moves it then) or when the record is not published."""
        normal, record = self.claim_record(org, name)
        assert record is not None and self.ownership is not None
        found = self.domains.get(normal)
        if found is not None and found.active and found.proven is not None:
            if found.org == org:
                return self.view(found)
            raise Conflict("domain_proven_elsewhere", "name", domain=normal)
        try:
            values = self.ownership.resolver.txt(record.name)
        except DnsError:
            values = None
        if not published(record, values):
            raise Conflict("verification_failed", "name", record_name=record.name, record_value=record.value)
        return self._give(normal, org, found)

    def assign(self, name: str, org: object) -> DomainView:
        """The operator gives a registered domain to `org` (proven), whoever held it."""
        normal = active_domain(self.domains, name)
        if not isinstance(org, str) or not org:
            raise InvalidInput("required", "org")
        return self._give(normal, self._known(org), self.domains.get(normal))

    def _give(self, normal: str, org: str, found: Domain | None) -> DomainView:
        """Makes `org` the proven owner in one conditional write on the state `found` that was read and checked:
        ClaimChanged (nothing written) when another proof or an assignment got in between."""
        now = self._now()
        given = self.domains.assign(normal, org, now, found) if found is not None and found.active else None
        held_by = None if found is None else found.org  # also when its registration was removed: settings stay
        if given is None:  # not registered (or removed meanwhile): register it, proven
            given = self.domains.add(normal, org, now)
            if (given.org, given.proven) != (org, now):  # registered meanwhile by someone else
                if given.proven is not None:
                    raise ClaimChanged(normal)
                held_by = given.org
                given = self.domains.assign(normal, org, now, given) or given
        if changes_hands(held_by, org):
            self.on_handover(normal)
        self.claim(normal)
        return self.view(given)

    def unclaimed(self, scope: Scope | None = None) -> tuple[UnclaimedDomain, ...]:
        """Policy domains with reports stored while they were not registered, and not registered now (the
        operator's list); for an organization: its own unproven domains' older reports, waiting for the proof."""
        waiting = summarize(self.unclaimed_reports.reports())
        if scope is None or scope.everything:
            return tuple(u for u in waiting if not self._active(u.domain))
        return tuple(u for u in waiting if (d := scope.domain(u.domain)) is not None and d.active
                     and d.proven is None and scope.principal.sees(d.org))

    def _active(self, name: str) -> bool:
        found = self.domains.get(name)
        return found is not None and found.active

    def remove(self, name: str) -> None:
        normal = active_domain(self.domains, name)
        if not self.domains.remove(normal):
            raise UnknownDomain(name)
        self.on_remove(normal)
