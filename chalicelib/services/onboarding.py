"""Bulk domain onboarding: a CSV of domains (chalicelib.domaincsv), all or nothing like the registry import, each
domain added through the domains use case (claiming its stored reports), answered with the DNS records to
publish for each domain."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.access.principal import LOCAL_OPERATOR, Principal
from chalicelib.domaincsv import MAX_BYTES, read_domains
from chalicelib.errors import ImportRejected, InvalidInput
from chalicelib.services.domains import DnsRecord, DomainService, DomainView, domain_name


@dataclass(frozen=True, slots=True)
class Onboarded:
    line: int
    domain: str
    display_name: str
    added: bool  # False: it was registered already (left as it was)
    claimed_days: int  # days rebuilt from reports stored before it was added
    records: tuple[DnsRecord, ...]


class OnboardingService:
    def __init__(self, domains: DomainService) -> None:
        self.domains = domains

    def onboard_csv(self, data: bytes, org: str | None = None, principal: Principal = LOCAL_OPERATOR
                    ) -> tuple[Onboarded, ...]:
        """Adds every domain of the file for `org`, as DomainService.add does for one (by an organization:
        unproven until its TXT record is published). Raises InvalidInput `body_too_large` before reading a file
        over domaincsv.MAX_BYTES, and ImportRejected (nothing added) when any line is bad."""
        if len(data) > MAX_BYTES:
            raise InvalidInput("body_too_large", "file", max_bytes=MAX_BYTES)
        parsed = read_domains(data, domain_name)
        if parsed.errors:
            raise ImportRejected(parsed.errors, parsed.more_errors)
        done = []
        for line in parsed.lines:
            added = self.domains.add(line.domain, org, principal, True, line.display_name)
            done.append(Onboarded(line.line, added.domain.name, added.domain.display_name, not added.existed,
                                  added.claimed_days, records_to_publish(added.domain)))
        return tuple(done)


def records_to_publish(domain: DomainView) -> tuple[DnsRecord, ...]:
    """The DNS records the owner publishes for `domain`: its DMARC record (p=none to start, rua to this deployment),
    when the report address is in another zone the report authorization record, and while ownership is not
    proven the `_aligned-verify` TXT record that proves it."""
    proof = domain.verification
    if proof is None:
        return domain.dns_records
    return (*domain.dns_records, DnsRecord(
        proof.name, proof.type, proof.value, "verify", f"Proves that your organization owns {domain.name}. Publish it, "
        "wait for DNS, then press Verify now.", {"domain": domain.name}))
