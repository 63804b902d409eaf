"""Identification: the sending service of one aggregate-report record, from its evidence, strongest first: a
DKIM signature that passed (d=), the SPF identity that passed, the forward-confirmed reverse-DNS name, the
published ranges. A service named by any of them wins; DKIM or SPF passing for the domain's own organizational
domain, and nothing naming a service, is OWN; otherwise the record stays unknown, with its evidence listed."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.dmarc.alignment import organizational_domain
from chalicelib.dmarc.model import Record
from chalicelib.senders.catalogue import Catalogue, Service

OWN = "own"


@dataclass(frozen=True, slots=True)
class Identity:
    service: str | None  # a catalogue id, OWN, or None (unknown)
    kind: str  # the evidence that decided: dkim | spf | ptr | range | own | ""
    evidence: tuple[str, ...]  # every piece of evidence, "dkim:d=example.net s=s1 pass", "spf:...", "ptr:..."
    found: Service | None = None


def evidence_of(record: Record, ptr: str) -> tuple[str, ...]:
    out = [f"dkim:d={d.domain or '-'} s={d.selector or '-'} {d.result}" for d in record.dkim]
    out += [f"spf:{s.domain or '-'} ({s.scope or 'mfrom'}) {s.result}" for s in record.spf]
    out += [f"ptr:{ptr}"] if ptr else []
    return tuple(out)


def identify(record: Record, domain: str, ptr: str, catalogue: Catalogue) -> Identity:
    """`domain`: the policy (or header From) domain the record's mail was sent as; `ptr`: the source's
    forward-confirmed reverse name, "" when none."""
    evidence = evidence_of(record, ptr)
    own = organizational_domain(domain.lower())
    owned = False
    for d in record.dkim:
        if d.result == "pass" and d.domain:
            if organizational_domain(d.domain) == own:
                owned = True
            elif (service := catalogue.by_dkim(d.domain)) is not None:
                return Identity(service.id, "dkim", evidence, service)
    for s in record.spf:
        if s.result == "pass" and s.domain and s.scope != "helo":
            if organizational_domain(s.domain) == own:
                owned = True
            elif (service := catalogue.by_spf(s.domain)) is not None:
                return Identity(service.id, "spf", evidence, service)
    if ptr and (service := catalogue.by_ptr(ptr)) is not None:
        return Identity(service.id, "ptr", evidence, service)
    if (service := catalogue.by_address(str(record.source_ip))) is not None:
        return Identity(service.id, "range", evidence, service)
    if owned:
        return Identity(OWN, "own", evidence)
    return Identity(None, "", evidence)
