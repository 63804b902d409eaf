"""Indirect mail: a record that fails DMARC because it was forwarded or went through a mailing list, not because
someone spoofed the domain. Since RFC 9990 dropped the `forwarded` override reason, this is inferred from the
evidence, each kind enough on its own:
  - an override reason from the reporter: forwarded, trusted_forwarder -> forwarded; mailing_list -> mailing list;
  - an override comment about ARC (the reporter trusted an ARC chain): forwarded;
  - the source is a known forwarder or mailing-list service (the catalogue's category);
  - SPF passed for a forwarder's or list service's domain while the domain's own DKIM signature failed (a list
    that changed the message and sent it on with its own return path)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.dmarc.alignment import organizational_domain
from chalicelib.dmarc.model import Record
from chalicelib.senders.catalogue import Catalogue
from chalicelib.senders.identify import Identity

FORWARDED = "forwarded"
MAILING_LIST = "mailing_list"
_REASONS = {"forwarded": FORWARDED, "trusted_forwarder": FORWARDED, "mailing_list": MAILING_LIST}
_ARC = re.compile(r"\barc\b|arc[-_ ]?(seal|chain|authentication)", re.IGNORECASE)
_ROUTE_OF_CATEGORY = {"forwarder": FORWARDED, "mailing_list": MAILING_LIST}


@dataclass(frozen=True, slots=True)
class Route:
    route: str  # FORWARDED | MAILING_LIST | "" (direct)
    evidence: str = ""  # why: "reason:mailing_list", "arc:<comment>", "service:google-groups", "spf:<domain>"


DIRECT = Route("")


def route_of(record: Record, domain: str, identity: Identity, catalogue: Catalogue) -> Route:
    for reason in record.reasons:
        if reason.type in _REASONS:
            return Route(_REASONS[reason.type], f"reason:{reason.type}")
    for reason in record.reasons:
        if reason.comment and _ARC.search(reason.comment):
            return Route(FORWARDED, f"arc:{' '.join(reason.comment.split())[:80]}")
    found = identity.found
    if found is not None and found.category in _ROUTE_OF_CATEGORY:
        return Route(_ROUTE_OF_CATEGORY[found.category], f"service:{found.id}")
    own = organizational_domain(domain.lower())
    own_dkim_broke = any(d.result != "pass" and d.domain and organizational_domain(d.domain) == own
                         for d in record.dkim)
    if own_dkim_broke:
        for s in record.spf:
            service = catalogue.by_spf(s.domain) if s.result == "pass" and s.domain else None
            if service is not None and service.category in _ROUTE_OF_CATEGORY:
                return Route(_ROUTE_OF_CATEGORY[service.category], f"spf:{s.domain}")
    return DIRECT
