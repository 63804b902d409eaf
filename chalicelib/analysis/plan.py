"""The plan from p=none to p=reject: the current stage, the next one, whether the mail is ready for it (each
criterion met or not, with its figures), the senders to fix first, and the record to publish.

Criteria are measured on the next stage's requested policy as if enforced (its t=y set aside): t=y asks
receivers for one level less (RFC 9989 §4.7 "t"), but what the step tests is whether the mail would survive the
requested policy, and intermediaries (mailing lists) may already act on it. Own mail is a registered source's
(tagged by a range or by a registry entry naming its service: ``tag_of_fact``, as in the senders analysis) or the
domain's own infrastructure's, as in the simulation.
- own_hit_days: the own mail hit is at most `tolerance_pct` % of the own mail on each of the last `days`
  consecutive days with own mail (counted back from the latest such day; a day over the tolerance or without
  own mail ends the run);
- senders_aligned: every own sender with at least `min_volume` messages in the range is hit for at most
  `tolerance_pct` % of its mail;
- reporters: at least `min_reporters` distinct reporters sent reports in the range.
Senders to fix: own senders with mail hit, the largest hit first; their fix is the catalogue's for the service
that sent most of the hit mail, else the advice for its commonest failure pattern."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from chalicelib.analysis.advice import advice_for
from chalicelib.analysis.common import TagSource, pct, tag_of_fact
from chalicelib.analysis.facts import Fact, Pattern, pattern_of
from chalicelib.analysis.plan_stages import Current, Stage, next_proposal, next_stage
from chalicelib.analysis.simulate import OWN, Judge, Proposal, Zone, sender_of
from chalicelib.senders.catalogue import Catalogue, load_catalogue
from chalicelib.senders.fixes import FixText, fix_texts
from chalicelib.senders.report import NAMES

OWN_HIT_DAYS, SENDERS_ALIGNED, REPORTERS = "own_hit_days", "senders_aligned", "reporters"


@dataclass(frozen=True, slots=True)
class PlanRules:
    tolerance_pct: float = 0.5
    days: int = 14
    min_volume: int = 100
    min_reporters: int = 2


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str  # own_hit_days | senders_aligned | reporters
    met: bool
    value: float  # days in a row / senders within the tolerance / reporters
    required: float  # days / senders above the volume / reporters
    names: tuple[str, ...] = ()  # senders_aligned: the senders over the tolerance


@dataclass(frozen=True, slots=True)
class DayHit:
    day: date
    own: int
    own_hit: int
    hit_pct: float
    within: bool


@dataclass(frozen=True, slots=True)
class SenderToFix:
    name: str  # the registry tag, or the service's name for untagged own infrastructure
    tag: str | None
    service: str  # the service that sent most of the hit mail ("" unidentified)
    service_name: str
    messages: int
    hit: int
    hit_pct: float  # of the sender's messages
    share_pct: float  # of all own hit mail
    pattern: int  # the commonest failure pattern of the hit mail (1-4; 0 when unknown)
    fixes: tuple[FixText, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    current: Current
    next: Stage | None  # None: at reject, nothing further
    proposal: Proposal  # the policy to publish next (the current one at reject)
    measured: Proposal  # what the criteria are measured on: `proposal` without t
    rules: PlanRules
    ready: bool
    criteria: tuple[Criterion, ...]
    own_messages: int
    own_hit: int
    own_hit_pct: float
    daily: tuple[DayHit, ...]
    senders: tuple[SenderToFix, ...]


@dataclass(slots=True)
class _Sender:
    messages: int = 0
    hit: int = 0
    patterns: Counter[int] = field(default_factory=Counter)
    services: Counter[str] = field(default_factory=Counter)


def target(current: Current) -> tuple[Stage | None, Proposal]:
    """The next stage and its policy (at reject: None and the current policy)."""
    base = current.proposal or Proposal()
    stage = next_stage(current.stage)
    return stage, (next_proposal(base, stage) if stage else base)


def plan(facts: Iterable[Fact], domain: str, current: Current, tags: TagSource, zone: Zone, rules: PlanRules,
         lang: str = "en", catalogue: Catalogue | None = None) -> Plan:
    stage, proposal = target(current)
    measured = replace(proposal, t=False)
    verdict = Judge(domain, measured, zone)
    daily: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    senders: dict[tuple[str, str | None], _Sender] = defaultdict(_Sender)
    reporters: set[str] = set()
    for f in facts:
        reporters.add(f.reporter)
        tag = tag_of_fact(tags, f)
        if sender_of(f, tag) != OWN:
            continue
        hit = verdict(f).outcome in ("quarantine", "reject")
        day = daily[f.day]
        acc = senders[(tag or f.detail.service, tag)]
        day[0] += f.count
        acc.messages += f.count
        if hit:
            day[1] += f.count
            acc.hit += f.count
            acc.patterns[pattern_of(f)] += f.count
            acc.services[f.detail.service] += f.count
    days = tuple(DayHit(d, own, h, pct(h, own), 100.0 * h <= rules.tolerance_pct * own)
                 for d, (own, h) in sorted(daily.items()))
    own = sum(d.own for d in days)
    own_hit = sum(d.own_hit for d in days)
    catalogue = catalogue or load_catalogue()
    lang = "ja" if lang == "ja" else "en"
    named = {_label(key, lang, catalogue): s for key, s in senders.items()}
    criteria = (_days(days, rules), _aligned(named, rules),
                Criterion(REPORTERS, len(reporters) >= rules.min_reporters, len(reporters), rules.min_reporters))
    to_fix = _to_fix(named, own_hit, domain, lang, catalogue)
    return Plan(current, stage, proposal, measured, rules, stage is not None and all(c.met for c in criteria),
                criteria, own, own_hit, pct(own_hit, own), days, to_fix)


def _days(days: tuple[DayHit, ...], rules: PlanRules) -> Criterion:
    run, later = 0, None
    for d in reversed(days):  # only days with own mail are listed: a missing day ends the run
        if not d.within or (later is not None and (later - d.day).days != 1):
            break
        run, later = run + 1, d.day
    return Criterion(OWN_HIT_DAYS, run >= rules.days, run, rules.days)


def _aligned(senders: dict[tuple[str, str | None, str], _Sender], rules: PlanRules) -> Criterion:
    big = {key[2]: s for key, s in senders.items() if s.messages >= rules.min_volume}
    over = sorted(name for name, s in big.items() if 100.0 * s.hit > rules.tolerance_pct * s.messages)
    return Criterion(SENDERS_ALIGNED, bool(big) and not over, len(big) - len(over), len(big), tuple(over))


def _label(key: tuple[str, str | None], lang: str, catalogue: Catalogue) -> tuple[str, str | None, str]:
    """(key..., the sender's name: its tag, else its service's name)."""
    name, tag = key
    if tag is not None:
        return name, tag, tag
    found = catalogue.by_id.get(name)
    return name, tag, found.name(lang) if found else NAMES[lang].get(name, name)


def _to_fix(senders: dict[tuple[str, str | None, str], _Sender], own_hit: int, domain: str, lang: str,
            catalogue: Catalogue) -> tuple[SenderToFix, ...]:
    out = []
    for (_, tag, label), s in senders.items():
        if not s.hit:
            continue
        service = s.services.most_common(1)[0][0]
        found = catalogue.by_id.get(service)
        failing = [(n, p) for p, n in s.patterns.items() if Pattern(p).is_failure]
        pattern = max(failing, key=lambda np: (np[0], -np[1]))[1] if failing else 0
        if found:
            fixes = fix_texts(found, domain, lang)
        elif pattern:
            text = advice_for(pattern).text(lang)
            fixes = (FixText("advice", " ".join(text.fix), (), ""),)
        else:
            fixes = ()
        service_name = found.name(lang) if found else NAMES[lang].get(service, service)
        out.append(SenderToFix(label, tag, service, service_name, s.messages, s.hit, pct(s.hit, s.messages),
                               pct(s.hit, own_hit), pattern, fixes))
    return tuple(sorted(out, key=lambda r: (-r.hit, -r.messages, r.name)))
