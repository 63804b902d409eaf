"""Records whose policy_evaluated lacks the DKIM or SPF verdict get it computed from their auth_results, once the
whole report (and so its published adkim/aspf, wherever the element stood) has been read. A record without any
auth_results, or without a header_from to align with, keeps None: its DMARC result is unknown."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from chalicelib.dmarc.alignment import dkim_verdict, spf_verdict
from chalicelib.dmarc.model import PolicyPublished, Record


def complete_verdicts(records: Sequence[Record], policy: PolicyPublished, warn: Callable[[str], None]
                      ) -> list[Record]:
    """The records, each missing verdict computed where the record allows, with a warning per record."""
    return [r if r.dkim_aligned is not None and r.spf_aligned is not None else _complete(r, policy, warn)
            for r in records]


def _complete(r: Record, policy: PolicyPublished, warn: Callable[[str], None]) -> Record:
    missing = " and ".join(name for name, verdict in (("dkim", r.dkim_aligned), ("spf", r.spf_aligned))
                           if verdict is None)
    if not (r.dkim or r.spf) or r.header_from is None:
        without = "auth_results" if not (r.dkim or r.spf) else "header_from"
        warn(f"policy_evaluated lacks the {missing} verdict and the record has no {without}; "
             "its DMARC result is counted as unknown")
        return r
    warn(f"policy_evaluated lacks the {missing} verdict; computed from auth_results and adkim/aspf")
    dkim = r.dkim_aligned if r.dkim_aligned is not None else dkim_verdict(r.dkim, r.header_from, policy.adkim)
    spf = r.spf_aligned if r.spf_aligned is not None else spf_verdict(r.spf, r.header_from, policy.aspf)
    return replace(r, dkim_aligned=dkim, spf_aligned=spf)
