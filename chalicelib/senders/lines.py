"""One plain-data line per record of a report: its sending service, category, DKIM and SPF results, route and
the evidence (`cli senders`, and the corpus figures)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.dmarc.model import AggregateReport
from chalicelib.senders.catalogue import Catalogue, load_catalogue
from chalicelib.senders.identify import OWN, identify
from chalicelib.senders.indirect import route_of

if TYPE_CHECKING:
    from chalicelib.services.senders import ReverseNames


def sender_lines(report: AggregateReport, names: ReverseNames | None = None,
                 catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    catalogue = catalogue or load_catalogue()
    ptrs = names.names(str(r.source_ip) for r in report.records) if names is not None else {}
    out = []
    for record in report.records:
        domain = record.header_from or report.domain
        ptr = ptrs.get(str(record.source_ip), "")
        identity = identify(record, domain, ptr, catalogue)
        route = route_of(record, domain, identity, catalogue)
        found = identity.found
        out.append({
            "report_id": report.metadata.report_id, "source_ip": str(record.source_ip), "count": record.count,
            "service": identity.service, "service_name": found.name_en if found else
            ("own infrastructure" if identity.service == OWN else None),
            "category": found.category if found else None, "matched_by": identity.kind or None,
            "dkim": [{"domain": d.domain, "selector": d.selector, "result": d.result} for d in record.dkim],
            "spf": [{"domain": s.domain, "scope": s.scope, "result": s.result} for s in record.spf],
            "ptr": ptr or None, "route": route.route or None, "route_evidence": route.evidence or None,
            "evidence": list(identity.evidence),
        })
    return out
