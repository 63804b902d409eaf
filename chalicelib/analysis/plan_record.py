"""The exact DMARC TXT record to publish at _dmarc.<domain> for a proposed policy, keeping what the current record
says besides the policy. Sections as in draft-ietf-dmarc-dmarcbis-41 (see chalicelib.analysis.simulate on how
far they are confirmed for RFC 9989).

- Only tags RFC 9989 defines are written (§4.7: v, p, sp, np, t, adkim, aspf, psd, fo, rua, ruf); pct, rf and
  ri, gone in RFC 9989 (Appendix C.5.2; pct: A.6), and unknown tags are dropped and named. v=DMARC1 comes first.
- The policy tags come from the proposal: p; sp / np when set; t=y only for a testing stage (t=n is the
  default and is left out); adkim / aspf when strict or when the current record wrote them.
- rua and ruf are not in aggregate reports: they come from the live record; when it is not known, rua is
  this deployment's address. The deployment's address is added to a rua that lacks it (without it the reports
  that measure the next stage stop arriving); fo and psd are kept from the live record (fo also from the reports).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.analysis.simulate import Proposal

ORDER = ("v", "p", "sp", "np", "t", "adkim", "aspf", "psd", "fo", "rua", "ruf")
REMOVED = ("pct", "rf", "ri")


@dataclass(frozen=True, slots=True)
class DmarcRecord:
    name: str  # _dmarc.<domain>
    value: str  # the TXT record's text
    from_dns: bool  # the other tags came from the live record (else from the reports and the settings)
    dropped: tuple[str, ...]  # tags of the live record not written (removed by RFC 9989 or unknown)
    rua_added: bool  # this deployment's address was added to rua


def _addresses(rua: str) -> list[str]:
    return [u.strip()[7:].split("!", 1)[0].strip().lower() for u in rua.split(",")
            if u.strip().lower().startswith("mailto:")]


def compose(domain: str, proposal: Proposal, live: Mapping[str, str] | None, fo: str | None,
            deployment_rua: str) -> DmarcRecord:
    """`live`: the tags of the record in the DNS (lower-case names), None when not known; `fo`: the fo the
    reports saw, used when the live record is not known."""
    tags: dict[str, str] = {"v": "DMARC1", "p": proposal.p}
    if proposal.sp:
        tags["sp"] = proposal.sp
    if proposal.np:
        tags["np"] = proposal.np
    if proposal.t:
        tags["t"] = "y"
    src = dict(live or {})
    for mode in ("adkim", "aspf"):
        value = getattr(proposal, mode)
        if value == "s" or mode in src:
            tags[mode] = value
    for kept in ("psd", "fo"):
        if src.get(kept):
            tags[kept] = src[kept]
    if "fo" not in tags and live is None and fo:
        tags["fo"] = fo
    rua = src.get("rua", "").strip()
    added = deployment_rua.lower() not in _addresses(rua)
    if added:
        rua = f"{rua},mailto:{deployment_rua}" if rua else f"mailto:{deployment_rua}"
    tags["rua"] = rua
    if src.get("ruf"):
        tags["ruf"] = src["ruf"]
    dropped = tuple(k for k in src if k not in ORDER)
    value = "; ".join(f"{k}={tags[k]}" for k in ORDER if k in tags)
    return DmarcRecord(f"_dmarc.{domain}", value, live is not None, dropped, added and live is not None)
