"""The policy simulation, rule by rule, on facts made by hand (RFC 9989 sections in chalicelib.analysis.simulate)."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.analysis.common import NoTags
from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.analysis.simulate import (
    DOMAIN,
    NONEXISTENT,
    OTHER,
    SUBDOMAIN,
    EveryNameExists,
    Proposal,
    judge,
    place_of,
    simulate,
)
from chalicelib.registry import Matcher, make_entry
from chalicelib.senders.report import senders

D = "example.com"


class Zone:
    """Names that exist; every other name is NXDOMAIN. Counts the questions."""

    def __init__(self, *names: str) -> None:
        self.names, self.asked = set(names), []  # type: ignore[var-annotated]

    def exists(self, name: str) -> bool:
        self.asked.append(name)
        return name in self.names


def fact(header_from: str = D, dkim: str = "", spf: str = "", scope: str = "mfrom", *, spf_auth: bool | None = None,
         ip: str = "192.0.2.1", count: int = 10, service: str = "", route: str = "", unknown: bool = False,
         reporter: str = "google.com", disposition: str = "none", reasons: str = "") -> Fact:
    """A fact with sender detail: `dkim` "domain/selector/result ...", `spf` the domain that passed SPF."""
    dkim_auth = any(p.endswith("/pass") for p in dkim.split())
    return Fact(date(2026, 6, 1), ip, reporter, header_from, spf, " ".join(sorted({p.split("/")[0] for p in
                dkim.split()})), bool(spf) if spf_auth is None else spf_auth, False, dkim_auth, False, disposition,
                count, unknown, detail=SenderDetail(spf, scope if spf else "", dkim, reasons, service, route))


def outcome(f: Fact, place: str = DOMAIN, **policy: object) -> str:
    return judge(f, Proposal(**policy), place).outcome  # type: ignore[arg-type]


def test_dkim_strict_and_relaxed() -> None:
    sub_signed = fact(dkim="mail.example.com/s1/pass")
    assert outcome(sub_signed, p="reject", adkim="r") == "none"  # same organizational domain
    assert outcome(sub_signed, p="reject", adkim="s") == "reject"  # not identical
    assert outcome(fact(dkim="example.com/s1/pass"), p="reject", adkim="s") == "none"
    assert outcome(fact(dkim="example.net/s1/pass"), p="reject") == "reject"  # another organizational domain
    assert outcome(fact(dkim="example.com/s1/fail"), p="reject") == "reject"  # aligned but not passing
    assert outcome(fact(dkim="esp.example/e/pass example.com/s1/pass"), p="reject", adkim="s") == "none"  # any one
    # Subdomain From, parent signs: relaxed aligns; co.uk-style suffixes are not one organization.
    assert outcome(fact("news.example.com", "example.com/s/pass"), SUBDOMAIN, p="reject") == "none"
    assert outcome(fact("a.example.co.uk", "b.co.uk/s/pass"), OTHER, p="reject") == "reject"


def test_spf_strict_relaxed_and_helo() -> None:
    bounce = fact(spf="bounce.example.com")
    assert outcome(bounce, p="quarantine", aspf="r") == "none"
    assert outcome(bounce, p="quarantine", aspf="s") == "quarantine"
    assert outcome(fact(spf="example.com"), p="quarantine", aspf="s") == "none"
    assert outcome(fact(spf="esp.example.net"), p="quarantine") == "quarantine"
    assert outcome(fact(spf="example.com", scope="helo"), p="quarantine") == "quarantine"  # HELO never aligns
    assert outcome(fact(spf="example.com", spf_auth=False), p="quarantine") == "quarantine"  # failed SPF


def test_policy_by_the_place_of_header_from() -> None:
    zone = Zone("www.example.com")
    assert place_of("example.com", D, zone) == DOMAIN
    assert place_of("www.example.com", D, zone) == SUBDOMAIN
    assert place_of("nope.example.com", D, zone) == NONEXISTENT
    assert place_of("example.org", D, zone) == OTHER
    assert place_of("badexample.com", D, zone) == OTHER  # a suffix, not a subdomain
    failing = Proposal(p="reject", sp="quarantine", np="none")
    assert [failing.requested(p) for p in (DOMAIN, SUBDOMAIN, NONEXISTENT, OTHER)] == [
        "reject", "quarantine", "none", "reject"]
    assert Proposal(p="reject").requested(SUBDOMAIN) == "reject"  # no sp: p
    assert Proposal(p="reject", sp="quarantine").requested(NONEXISTENT) == "quarantine"  # no np: sp
    assert Proposal(p="reject").requested(NONEXISTENT) == "reject"  # neither: p
    assert Proposal(p="none", np="reject").requested(NONEXISTENT) == "reject"
    facts = [fact("example.com"), fact("www.example.com"), fact("nope.example.com"), fact("nope.example.com")]
    zone.asked.clear()
    s = simulate(facts, D, failing, NoTags(), zone)
    assert (s.outcomes.reject, s.outcomes.quarantine, s.outcomes.none) == (10, 10, 20)
    assert zone.asked == ["www.example.com", "nope.example.com"]  # once per name
    assert {r.name: (r.reject, r.quarantine, r.none) for r in s.by_subdomain} == {
        "example.com": (10, 0, 0), "www.example.com": (0, 10, 0), "nope.example.com": (0, 0, 20)}


def test_testing_steps_one_level_down() -> None:
    spoof = fact(dkim="evil.example/x/pass")
    assert outcome(spoof, p="reject", t=True) == "quarantine"
    assert outcome(spoof, p="quarantine", t=True) == "none"
    assert outcome(spoof, p="none", t=True) == "none"
    v = judge(spoof, Proposal(p="reject", t=True), DOMAIN)
    assert (v.policy, v.tested) == ("reject", True)
    assert outcome(spoof, SUBDOMAIN, p="none", sp="reject", t=True) == "quarantine"  # t covers sp and np too


def test_unknown_stays_unknown_and_passing_mail_is_never_hit() -> None:
    assert outcome(fact(unknown=True), p="reject") == "unknown"
    assert outcome(fact(dkim="example.com/s/pass", spf="example.com"), p="reject", adkim="s", aspf="s") == "none"


def test_older_facts_fall_back_to_the_reported_flags() -> None:
    old = Fact(date(2026, 6, 1), "192.0.2.1", "r", "example.com", "bounce.example.com", "mail.example.com",
               True, True, True, True, "none", 5)
    v = judge(old, Proposal(p="reject"), DOMAIN)
    assert (v.outcome, v.fallback, v.dkim_aligned, v.spf_aligned) == ("none", True, True, True)
    strict = judge(old, Proposal(p="reject", adkim="s", aspf="s"), DOMAIN)  # neither domain is example.com
    assert (strict.outcome, strict.dkim_aligned, strict.spf_aligned) == ("reject", False, False)
    s = simulate([old, fact(dkim="example.com/s/pass")], D, Proposal(p="reject"), NoTags(), EveryNameExists())
    assert (s.fallback_messages, s.messages) == (5, 15)


def test_a_registry_entry_naming_a_service_makes_its_mail_own_as_in_the_senders_analysis() -> None:
    tags = Matcher([make_entry("service:sendgrid", "newsletter")])
    facts = [fact(ip="203.0.113.9", count=40, dkim="sendgrid.net/s1/pass", service="sendgrid"),  # own, fails
             fact(ip="203.0.113.10", count=5, dkim="mailgun.org/m/pass", service="mailgun")]  # not registered
    s = simulate(facts, D, Proposal(p="reject"), tags, EveryNameExists())
    assert (s.own.reject, s.unregistered.reject, s.forwarded.reject) == (40, 5, 0)
    assert [(r.name, r.hit) for r in s.by_tag] == [("newsletter", 40), ("(untagged)", 5)]
    assert [(g.sender, g.tag, g.service) for g in s.groups] == [("own", "newsletter", "sendgrid"),
                                                                ("unregistered", None, "mailgun")]
    tagged = {r.service: r.tagged for r in senders(facts, tags, D).rows}
    assert tagged == {"sendgrid": s.own.reject, "mailgun": 0}  # the senders analysis counts the same mail

def test_own_forwarded_and_unregistered_splits() -> None:
    tags = Matcher([make_entry("192.0.2.0/28", "mail-server")])
    facts = [
        fact(ip="192.0.2.1", count=100, dkim="example.com/s/pass"),  # tagged, passes
        fact(ip="192.0.2.2", count=7, dkim="crm.example/c/pass"),  # tagged, fails: own mail hit
        fact(ip="198.51.100.5", count=3, service="own"),  # own infrastructure (not registered), fails
        fact(ip="198.51.100.9", count=20, route="forwarded", dkim="example.com/s/fail", service="gmail"),
        fact(ip="203.0.113.66", count=50),  # spoofing
    ]
    s = simulate(facts, D, Proposal(p="reject"), tags, EveryNameExists())
    assert (s.messages, s.hit, s.outcomes.none, s.outcomes.reject) == (180, 80, 100, 80)
    assert (s.own.reject, s.own.none, s.forwarded.reject, s.unregistered.reject) == (10, 100, 20, 50)
    assert [(r.name, r.messages, r.hit) for r in s.by_tag] == [("(untagged)", 73, 73), ("mail-server", 107, 7)]
    assert [(r.name, r.hit) for r in s.by_service] == [("(not identified)", 57), ("gmail", 20), ("own", 3)]
    assert [(r.name, r.hit, r.hit_pct) for r in s.by_reporter] == [("google.com", 80, 44.44)]
    first = s.groups[0]
    assert (first.sender, first.tag, first.outcome, first.messages, first.sources) == ("own", "mail-server", "none",
                                                                                       100, 1)


_FACTS = st.lists(st.builds(
    fact,
    header_from=st.sampled_from(["example.com", "news.example.com", "gone.example.com", "example.net"]),
    dkim=st.lists(st.tuples(st.sampled_from(["example.com", "mail.example.com", "esp.example", "example.net"]),
                            st.sampled_from(["pass", "fail"])), max_size=3).map(
        lambda ds: " ".join(f"{d}/s/{r}" for d, r in ds)),
    spf=st.sampled_from(["", "example.com", "bounce.example.com", "esp.example"]),
    scope=st.sampled_from(["mfrom", "helo", ""]), unknown=st.booleans(), count=st.integers(1, 1000),
    route=st.sampled_from(["", "forwarded"]), service=st.sampled_from(["", "own", "esp"]),
), max_size=30)
_LEVEL = st.sampled_from(["none", "quarantine", "reject"])


@given(_FACTS, _LEVEL, st.none() | _LEVEL, st.none() | _LEVEL, st.booleans(), st.sampled_from("rs"),
       st.sampled_from("rs"))
def test_relaxing_alignment_never_hits_more_and_p_none_hits_nothing(
        facts: list[Fact], p: str, sp: str | None, np: str | None, t: bool, adkim: str, aspf: str) -> None:
    zone = Zone("news.example.com")

    def hit(**modes: str) -> int:
        return simulate(facts, D, Proposal(p, sp, np, t, **modes), NoTags(), zone).hit

    strict = hit(adkim=adkim, aspf=aspf)
    assert hit(adkim="r", aspf=aspf) <= strict and hit(adkim=adkim, aspf="r") <= strict
    assert hit(adkim="r", aspf="r") <= min(hit(adkim="r", aspf="s"), hit(adkim="s", aspf="r"))
    nothing = simulate(facts, D, Proposal("none", "none", "none", t, adkim, aspf), NoTags(), zone)
    assert nothing.hit == 0 and nothing.own.hit == nothing.forwarded.hit == nothing.unregistered.hit == 0
