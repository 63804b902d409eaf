"""The stages from monitoring to enforcement, `none -> quarantine t=y -> quarantine -> reject t=y -> reject`, and
the current one as the reporters saw it.

- A stage is a requested policy `p` and the testing flag `t` (RFC 9989 §4.7 "t": with t=y receivers apply one
  level less: quarantine as none, reject as quarantine). At p=none the flag changes nothing: one stage.
- The current stage comes from the policy_published of the reports (RFC 9990 carries p, sp, np, adkim, aspf, fo,
  testing; not rua). Reporters can disagree (a DNS change not seen everywhere yet, caches): the latest policy of
  each reporter is kept, the newest of them is taken as current, and the disagreement is said.
- The next stage's policy moves p (and t); sp and np (§4.7, §4.10.1) stay only where they ask for more than
  the new p (np=reject kept while p climbs); a lower or equal sp/np is left out so subdomains follow p."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from chalicelib.analysis.simulate import LEVELS, Proposal


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    p: str
    t: bool


STAGES = (Stage("none", "none", False), Stage("quarantine_testing", "quarantine", True),
          Stage("quarantine", "quarantine", False), Stage("reject_testing", "reject", True),
          Stage("reject", "reject", False))


def stage_of(proposal: Proposal) -> Stage:
    """The stage of a policy (its p and t; sp, np and the alignment modes do not move it)."""
    if proposal.p == "none":
        return STAGES[0]
    return next(s for s in STAGES if s.p == proposal.p and s.t == proposal.t)


def next_stage(stage: Stage | None) -> Stage | None:
    """The stage after `stage` (None: no policy yet, so p=none first); None after reject."""
    if stage is None:
        return STAGES[0]
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def _level(policy: str | None) -> int:
    return LEVELS.index(policy) if policy in LEVELS else -1


def next_proposal(current: Proposal, stage: Stage) -> Proposal:
    """`current` moved to `stage`: p and t from the stage; sp / np kept only when they ask for more than the new p
    (np also against the sp it would otherwise inherit); adkim and aspf unchanged."""
    sp = current.sp if _level(current.sp) > _level(stage.p) else None
    np = current.np if _level(current.np) > max(_level(stage.p), _level(sp)) else None
    return replace(current, p=stage.p, t=stage.t, sp=sp, np=np)


@dataclass(frozen=True, slots=True)
class Seen:
    """The latest policy one reporter saw published."""
    reporter: str
    begin: datetime  # the report's period start
    report_id: str
    proposal: Proposal
    stage: str
    discovery_method: str | None  # RFC 9990: psl | treewalk, when the reporter said


@dataclass(frozen=True, slots=True)
class Current:
    stage: Stage | None  # None: no policy known (no report, no record)
    proposal: Proposal | None
    source: str  # reports | dns | none
    seen: tuple[Seen, ...]  # one per reporter, newest first
    agree: bool  # every reporter saw the same policy


def current_from(seen: Iterable[Seen], dns: Proposal | None) -> Current:
    """The current stage: from the newest policy any reporter saw (the latest per reporter is kept; older
    duplicates of a reporter are dropped); without reports, from the DNS record; else none known."""
    latest: dict[str, Seen] = {}
    for s in seen:
        if s.reporter not in latest or s.begin > latest[s.reporter].begin:
            latest[s.reporter] = s
    ordered = tuple(sorted(latest.values(), key=lambda s: (s.begin, s.reporter), reverse=True))
    if ordered:
        agree = len({s.proposal for s in ordered}) == 1
        return Current(stage_of(ordered[0].proposal), ordered[0].proposal, "reports", ordered, agree)
    if dns is not None:
        return Current(stage_of(dns), dns, "dns", (), True)
    return Current(None, None, "none", (), True)
