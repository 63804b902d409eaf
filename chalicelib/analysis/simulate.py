"""Policy simulation: replay stored facts under a proposed DMARC policy {p, sp, np, t, adkim, aspf} and say, per
message group, what receivers following RFC 9989 (DMARCbis) would do with it (none / quarantine / reject) and why.

The rules, each checked against the text of draft-ietf-dmarc-dmarcbis-41, the draft RFC 9989 was published from;
the section numbers are that draft's. Checked against RFC 9989 itself: the RFC Editor's AUTH48 diff of RFC 9989
numbers the definitions §3.2.15-§3.2.18 as draft-41 does (so §3.2.10 and §3.2.13 stand), and implementations
citing RFC 9989 use §4.7 for the record's tags and §4.10 / §4.10.1 for the tree walk and policy discovery, as
here; §4.4.x and Appendix A.6 could not be checked against the published text.
- Alignment (§3.2.10, §4.4): strict = the Authenticated Identifier equals the Author Domain (header_from);
  relaxed = both have the same Organizational Domain (``chalicelib.dmarc.alignment``'s approximation of the
  §4.10 tree walk). adkim/aspf default to "r" (§4.7).
- DKIM (§4.4.1): any signature that passed with an aligned d= gives DMARC pass.
- SPF (§4.4.2): only the MAIL FROM identity counts; an SPF pass scoped to HELO never aligns.
- Policy by the Author Domain's place (§4.10.1, with §4.7 "p", "sp", "np"): the policy domain itself -> p; an
  existing subdomain -> sp, else p; a non-existent subdomain (§3.2.13: NXDOMAIN) -> np, else sp, else p.
  Existence comes from a ``Zone``; the caller treats an unknown answer as existing.
- Testing (§4.7 "t"): t=y applies one level below: reject -> quarantine, quarantine -> none; none stays none.
- A fact whose DMARC result is unknown (no verdict, no auth results) stays unknown.

Facts from older rollups carry no sender detail (which DKIM signature passed, which SPF identity): their
alignment is judged from the reporter's policy_evaluated flags and the fact's dkim_domains / envelope_from
(``Verdict.fallback``; the answer counts their messages)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from chalicelib.analysis.common import TagSource, pct, tag_of_fact
from chalicelib.analysis.facts import Fact
from chalicelib.dmarc.alignment import aligned
from chalicelib.dmarc.model import PolicyPublished

LEVELS = ("none", "quarantine", "reject")
UNKNOWN = "unknown"
DOMAIN, SUBDOMAIN, NONEXISTENT, OTHER = "domain", "subdomain", "nonexistent", "other"
OWN, FORWARDED, UNREGISTERED = "own", "forwarded", "unregistered"
MAX_GROUPS = 200


class Zone(Protocol):
    def exists(self, name: str) -> bool:
        """False only when the name is known not to exist (NXDOMAIN)."""
        ...


class EveryNameExists:
    """A Zone without DNS: every name exists (so no subdomain gets np)."""

    def exists(self, name: str) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Proposal:
    p: str = "none"
    sp: str | None = None
    np: str | None = None
    t: bool = False
    adkim: str = "r"
    aspf: str = "r"

    @classmethod
    def of(cls, published: PolicyPublished) -> Proposal:
        """The policy a report says was published (pct, gone from RFC 9989 (Appendix A.6), is ignored)."""
        return cls(p=published.p or "none", sp=published.sp, np=published.np, t=published.testing == "y",
                   adkim=published.adkim or "r", aspf=published.aspf or "r")

    def requested(self, place: str) -> str:
        """The requested policy for an Author Domain in `place` (RFC 9989 §4.10.1 and §4.7 "np", "sp")."""
        if place == SUBDOMAIN:
            return self.sp or self.p
        if place == NONEXISTENT:
            return self.np or self.sp or self.p
        return self.p

    def applied(self, place: str) -> tuple[str, bool]:
        """(the policy applied to failing mail, whether t=y stepped it down) (RFC 9989 §4.7 "t")."""
        policy = self.requested(place)
        if self.t and policy != "none":
            return LEVELS[LEVELS.index(policy) - 1], True
        return policy, False


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: str  # none | quarantine | reject | unknown
    dkim_aligned: bool
    spf_aligned: bool
    place: str  # domain | subdomain | nonexistent | other (header_from outside the domain: p, as reported)
    policy: str  # the requested policy for that place, before t
    tested: bool  # t=y stepped the policy down
    fallback: bool  # judged from the policy_evaluated flags (no sender detail)

    @property
    def dmarc_pass(self) -> bool:
        return self.dkim_aligned or self.spf_aligned


def place_of(header_from: str, domain: str, zone: Zone) -> str:
    if header_from == domain:
        return DOMAIN
    if not header_from.endswith("." + domain):
        return OTHER
    return SUBDOMAIN if zone.exists(header_from) else NONEXISTENT


def alignment(f: Fact, adkim: str, aspf: str) -> tuple[bool, bool, bool]:
    """(DKIM aligned, SPF aligned, fallback) of a fact under the proposed modes."""
    d, hf = f.detail, f.header_from
    if d.dkim or d.spf_domain or not (f.spf_auth or f.dkim_auth):
        dkim = any(r == "pass" and aligned(dom, hf, adkim) for dom, _, r in d.dkim_results())
        spf = f.spf_auth and d.spf_scope != "helo" and aligned(d.spf_domain, hf, aspf)
        return dkim, spf, False
    # Older rollups: the reporter's verdict (under the published modes) and the domains the fact kept.
    signers = f.dkim_domains.split()
    if f.dkim_aligned:
        dkim = adkim != "s" or hf in signers
    else:
        dkim = adkim != "s" and f.dkim_auth and any(aligned(s, hf, "r") for s in signers)
    if f.spf_aligned:
        spf = aspf != "s" or f.envelope_from == hf
    else:
        spf = aspf != "s" and f.spf_auth and aligned(f.envelope_from, hf, "r")
    return dkim, spf, True


def judge(f: Fact, proposal: Proposal, place: str) -> Verdict:
    dkim, spf, fallback = alignment(f, proposal.adkim, proposal.aspf)
    policy = proposal.requested(place)
    if dkim or spf:
        return Verdict("none", dkim, spf, place, policy, False, fallback)
    if f.unknown:
        return Verdict(UNKNOWN, False, False, place, policy, False, fallback)
    applied, tested = proposal.applied(place)
    return Verdict(applied, False, False, place, policy, tested, fallback)


class Judge:
    """`judge` with memory: one existence question per header_from, one verdict per distinct combination of the
    fields a verdict depends on."""

    def __init__(self, domain: str, proposal: Proposal, zone: Zone) -> None:
        self.domain, self.proposal, self.zone = domain, proposal, zone
        self._places: dict[str, str] = {}
        self._verdicts: dict[tuple[object, ...], Verdict] = {}

    def __call__(self, f: Fact) -> Verdict:
        key = (f.header_from, f.detail.dkim, f.detail.spf_domain, f.detail.spf_scope, f.envelope_from,
               f.dkim_domains, f.spf_auth, f.dkim_auth, f.spf_aligned, f.dkim_aligned, f.unknown)
        v = self._verdicts.get(key)
        if v is None:
            place = self._places.get(f.header_from)
            if place is None:
                place = self._places[f.header_from] = place_of(f.header_from, self.domain, self.zone)
            v = self._verdicts[key] = judge(f, self.proposal, place)
        return v


@dataclass(frozen=True, slots=True)
class Outcomes:
    none: int = 0
    quarantine: int = 0
    reject: int = 0
    unknown: int = 0

    @property
    def hit(self) -> int:
        return self.quarantine + self.reject


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    messages: int
    none: int
    quarantine: int
    reject: int
    unknown: int
    hit: int
    hit_pct: float  # of the row's messages


@dataclass(frozen=True, slots=True)
class Group:
    """Messages with the same outcome for the same reason."""
    header_from: str
    place: str
    sender: str  # own | forwarded | unregistered
    tag: str | None
    service: str
    dkim_aligned: bool
    spf_aligned: bool
    policy: str
    tested: bool
    fallback: bool
    outcome: str
    messages: int
    sources: int


@dataclass(frozen=True, slots=True)
class Simulation:
    domain: str
    proposal: Proposal
    messages: int
    outcomes: Outcomes
    hit: int
    own: Outcomes  # registered sources (tag_of_fact: a range or a service entry) or own infrastructure
    forwarded: Outcomes  # indirect mail (detail.route): forwarders, mailing lists
    unregistered: Outcomes
    fallback_messages: int  # judged from the policy_evaluated flags (facts without sender detail)
    by_tag: tuple[Row, ...]
    by_service: tuple[Row, ...]
    by_subdomain: tuple[Row, ...]
    by_reporter: tuple[Row, ...]
    groups: tuple[Group, ...]  # largest first, at most MAX_GROUPS
    groups_total: int


def sender_of(f: Fact, tag: str | None) -> str:
    """Own mail: a registered source's (``tag_of_fact``: a range or a service entry) or own infrastructure's."""
    if tag is not None or f.detail.service == OWN:
        return OWN
    return FORWARDED if f.detail.route else UNREGISTERED


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def add(self, name: str, outcome: str, n: int) -> None:
        self.counts[name][_INDEX[outcome]] += n

    def outcomes(self, name: str) -> Outcomes:
        return Outcomes(*self.counts[name]) if name in self.counts else Outcomes()

    def rows(self) -> tuple[Row, ...]:
        out = []
        for name, (none, quarantine, reject, unknown) in self.counts.items():
            messages, hit = none + quarantine + reject + unknown, quarantine + reject
            out.append(Row(name, messages, none, quarantine, reject, unknown, hit, pct(hit, messages)))
        return tuple(sorted(out, key=lambda r: (-r.hit, -r.messages, r.name)))


_GroupKey = tuple[str, str, str, str | None, str, bool, bool, str, bool, bool, str]
_INDEX = {"none": 0, "quarantine": 1, "reject": 2, UNKNOWN: 3}
UNTAGGED, UNNAMED = "(untagged)", "(not identified)"


def simulate(facts: Iterable[Fact], domain: str, proposal: Proposal, tags: TagSource, zone: Zone) -> Simulation:
    verdict = Judge(domain, proposal, zone)
    total, split, by_tag, by_service, by_sub, by_reporter = (_Tally() for _ in range(6))
    groups: dict[_GroupKey, tuple[list[int], set[str]]] = {}
    fallback = 0
    for f in facts:
        v = verdict(f)
        tag = tag_of_fact(tags, f)
        sender = sender_of(f, tag)
        n = f.count
        total.add("all", v.outcome, n)
        split.add(sender, v.outcome, n)
        by_tag.add(UNTAGGED if tag is None else tag, v.outcome, n)
        by_service.add(f.detail.service or UNNAMED, v.outcome, n)
        by_sub.add(f.header_from or "(none)", v.outcome, n)
        by_reporter.add(f.reporter, v.outcome, n)
        fallback += n if v.fallback else 0
        gkey: _GroupKey = (f.header_from, v.place, sender, tag, f.detail.service, v.dkim_aligned, v.spf_aligned,
                           v.policy, v.tested, v.fallback, v.outcome)
        group = groups.get(gkey)
        if group is None:
            group = groups[gkey] = ([0], set())
        group[0][0] += n
        group[1].add(f.source_ip)
    ordered = sorted((Group(*k, messages=g[0][0], sources=len(g[1])) for k, g in groups.items()),
                     key=lambda g: (-g.messages, g.header_from, g.sender, str(g.tag), g.service, g.outcome))
    outcomes = total.outcomes("all")
    return Simulation(
        domain=domain, proposal=proposal,
        messages=outcomes.none + outcomes.quarantine + outcomes.reject + outcomes.unknown, outcomes=outcomes,
        hit=outcomes.hit, own=split.outcomes(OWN), forwarded=split.outcomes(FORWARDED),
        unregistered=split.outcomes(UNREGISTERED), fallback_messages=fallback, by_tag=by_tag.rows(),
        by_service=by_service.rows(), by_subdomain=by_sub.rows(), by_reporter=by_reporter.rows(),
        groups=tuple(ordered[:MAX_GROUPS]), groups_total=len(ordered))
