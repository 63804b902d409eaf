"""The stages from monitoring to enforcement, `none -> quarantine t=y -> quarantine -> reject t=y -> reject`, and
the current one as the reporters saw it.

- A stage is a requested policy `p` and the testing flag `t` (RFC 9989 §4.7 "t": with t=y receivers apply one
  level less: quarantine as none, reject as quarantine). At p=none the flag changes nothing: one stage.
- The current stage is the stage of the domain's current published policy, as the one rule of
  chalicelib.analysis.published decides it from the reports' policy_published (RFC 9990 carries p, sp, np, adkim,
  aspf, fo, testing; not rua); without a report in the range, the live DMARC record's. Reporters that saw another
  policy since the current one appeared (a DNS change not seen everywhere yet, a second record) are the policy
  drift findings (chalicelib.analysis.drift), said with the fields that differ.
- The next stage's policy moves p (and t); sp and np (§4.7, §4.10.1) stay only where they ask for more than
  the new p (np=reject kept while p climbs); a lower or equal sp/np is left out so subdomains follow p."""
from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.analysis.drift import DriftFinding, PolicyDrift
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
class Current:
    stage: Stage | None  # None: no policy known (no report, no record)
    proposal: Proposal | None
    source: str  # reports | dns | none
    reporters: int  # reporters with reports in the range
    differing: tuple[DriftFinding, ...]  # reporters that saw another policy since the current one appeared
    agree: bool  # no such reporter


def current_from(published: PolicyDrift, dns: Proposal | None) -> Current:
    """The current stage: the current published policy's (``published.latest``) with the drift findings as the
    reporters that differ; without reports, the DNS record's; else none known."""
    if published.latest is not None:
        proposal = Proposal.of(published.latest)
        return Current(stage_of(proposal), proposal, "reports", len(published.reporters), published.findings,
                       not published.findings)
    if dns is not None:
        return Current(stage_of(dns), dns, "dns", 0, (), True)
    return Current(None, None, "none", 0, (), True)
