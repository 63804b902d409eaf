"""CSV tables of the policy drift answer (per reporter, findings) and of the mailbox-provider requirements (per
provider, per sender); the `policy_source` field of the answers that use the current published policy."""
from __future__ import annotations

from chalicelib.analysis.drift import FieldDiff, PolicyDrift
from chalicelib.analysis.published import Seen
from chalicelib.api.encode.csvfile import Cell
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.senders.compliance import Miss, ProvidersReport

Table = tuple[tuple[str, ...], list[tuple[Cell, ...]]]
SHOWN = ("p", "sp", "np", "adkim", "aspf", "pct", "fo", "testing", "discovery_method")


def policy_source(source: Seen | None) -> dict[str, str] | None:
    """The report standing for the current published policy (None: no report in the range)."""
    return None if source is None else {"reporter": source.reporter, "report_id": source.report_id,
                                        "day": source.day.isoformat()}


def _policy(p: PolicyPublished) -> tuple[Cell, ...]:
    return tuple("" if getattr(p, k) is None else getattr(p, k) for k in SHOWN)


def _diffs(diffs: tuple[FieldDiff, ...]) -> str:
    return " ".join(f"{d.field}={d.seen}({d.latest})" for d in diffs)


def _misses(misses: tuple[Miss, ...]) -> str:
    return " ".join(f"{m.requirement}:{m.messages}" for m in misses)


def reporters_table(r: PolicyDrift) -> Table:
    header = ("reporter", *SHOWN, "last_seen", "reports", "differences")
    return header, [(x.reporter, *_policy(x.policy), x.last_seen.isoformat(), x.reports, _diffs(x.differences))
                    for x in r.reporters]


def findings_table(r: PolicyDrift) -> Table:
    header = ("reporter", *SHOWN, "differences", "first_day", "last_day", "days", "reports", "lasting")
    return header, [(f.reporter, *_policy(f.policy), _diffs(f.differences), f.first_day.isoformat(),
                     f.last_day.isoformat(), f.days, f.reports, f.lasting) for f in r.findings]


def providers_table(r: ProvidersReport) -> Table:
    header = ("provider", "name", "reporters", "messages", "compliant", "non_compliant", "non_compliant_pct",
              "indirect", "unknown", "peak_daily", "bulk", "refused", "action", "smtp_reply", "senders_to_fix")
    return header, [(p.provider, p.name, " ".join(p.reporters), p.messages, p.compliant, p.non_compliant,
                     p.non_compliant_pct, p.indirect, p.unknown, p.peak_daily, p.bulk, p.refused, p.action,
                     p.smtp_reply, " ".join(s.service or "-" for s in p.senders if s.non_compliant))
                    for p in r.providers]


def provider_senders_table(r: ProvidersReport) -> Table:
    header = ("service", "name", "messages", "compliant", "non_compliant", "compliant_pct", "missing",
              "by_provider", "sources", "fix")
    return header, [(s.service, s.name, s.messages, s.compliant, s.non_compliant, s.compliant_pct,
                     _misses(s.missing), " ".join(f"{n.name}:{n.messages}" for n in s.by_provider),
                     " ".join(n.name for n in s.sources), "\n".join(f.text for f in s.fixes))
                    for s in r.senders]
