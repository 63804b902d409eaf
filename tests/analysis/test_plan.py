"""The plan, rule by rule, on policies and facts made by hand: stage detection, the next policy, the criteria with
their figures, the senders to fix and the DMARC record (chalicelib.analysis.plan*)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.analysis.drift import policy_drift
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.plan import OWN_HIT_DAYS, REPORTERS, SENDERS_ALIGNED, Plan, PlanRules, plan
from chalicelib.analysis.plan_record import compose
from chalicelib.analysis.plan_stages import STAGES, Current, current_from, next_proposal, next_stage, stage_of
from chalicelib.analysis.published import Seen
from chalicelib.analysis.simulate import EveryNameExists, Proposal
from chalicelib.dmarc.model import PolicyPublished
from chalicelib.registry import Matcher, make_entry
from tests.analysis.test_simulate import D, fact

pytestmark = pytest.mark.unit
T0 = date(2026, 6, 1)
RUA = "dmarc-reports@aligned.example"


def seen(reporter: str, days: int, **policy: str) -> Seen:
    return Seen(reporter, T0 + timedelta(days=days), PolicyPublished(domain="example.com", **policy),
                f"{reporter}-{days}")


def current_of(observed: list[Seen], dns: Proposal | None = None) -> Current:
    """The current stage from reports given oldest first, as the plan use case reads them."""
    return current_from(policy_drift(observed, "example.com"), dns)


# Stages ------------------------------------------------------------------------------------------------------
def test_stage_of_each_policy() -> None:
    assert [s.name for s in STAGES] == ["none", "quarantine_testing", "quarantine", "reject_testing", "reject"]
    assert stage_of(Proposal(p="none")).name == "none"
    assert stage_of(Proposal(p="none", t=True)).name == "none"  # t=y changes nothing at none
    assert stage_of(Proposal(p="quarantine", t=True)).name == "quarantine_testing"
    assert stage_of(Proposal(p="quarantine")).name == "quarantine"
    assert stage_of(Proposal(p="reject", t=True)).name == "reject_testing"
    assert stage_of(Proposal(p="reject", sp="none", adkim="s")).name == "reject"  # sp and modes do not move it


def test_next_stage_in_order_and_none_first_without_a_policy() -> None:
    assert next_stage(None) == STAGES[0]
    assert [next_stage(s) for s in STAGES] == [*STAGES[1:], None]


def test_the_current_stage_is_the_published_policys_and_the_drift_findings_differ() -> None:
    q_test = {"p": "quarantine", "testing": "y"}
    c = current_of([seen("google.com", 0, p="none"), seen("Yahoo", 1, p="none"), seen("google.com", 1, **q_test),
                    seen("Outlook.com", 1, **q_test), seen("Yahoo", 2, p="none"), seen("google.com", 2, **q_test),
                    seen("Outlook.com", 2, **q_test)])
    assert (c.source, c.stage, c.reporters, c.agree) == ("reports", STAGES[1], 3, False)
    assert [(f.reporter, f.days, f.lasting) for f in c.differing] == [("Yahoo", 2, True)]
    # The newest report alone does not decide: most reports of the last day do.
    newest_alone = current_of([seen("Yahoo", 0, p="none"), seen("google.com", 0, p="none"),
                               seen("Outlook.com", 0, p="reject")])
    assert newest_alone.stage == STAGES[0] and [f.reporter for f in newest_alone.differing] == ["Outlook.com"]
    same = current_of([seen("google.com", 0, p="quarantine"), seen("Yahoo", 1, p="quarantine")])
    assert same.agree and same.stage == STAGES[2] and same.reporters == 2
    changed = current_of([seen("Yahoo", 1, p="none"), seen("Yahoo", 3, p="reject")])
    assert changed.stage == STAGES[4] and changed.agree  # the earlier policy is history, not a disagreement


def test_without_reports_the_live_record_then_nothing() -> None:
    assert current_of([], Proposal(p="reject", t=True)).stage == STAGES[3]
    assert current_of([], Proposal(p="reject")).source == "dns"
    nothing = current_of([])
    assert (nothing.stage, nothing.proposal, nothing.source) == (None, None, "none")


def test_next_policy_moves_p_and_t_keeps_stricter_sp_np_and_the_modes() -> None:
    q_test = next_proposal(Proposal(p="none", adkim="s"), STAGES[1])
    assert (q_test.p, q_test.t, q_test.adkim) == ("quarantine", True, "s")
    held_back = next_proposal(Proposal(p="quarantine", sp="none"), STAGES[3])
    assert (held_back.p, held_back.t, held_back.sp) == ("reject", True, None)  # sp=none would hold subdomains back
    stricter = next_proposal(Proposal(p="none", sp="quarantine", np="reject"), STAGES[1])
    assert (stricter.sp, stricter.np) == (None, "reject")  # sp as strict as the new p: it follows p
    equal = next_proposal(Proposal(p="quarantine", sp="reject", np="reject"), STAGES[4])
    assert (equal.sp, equal.np) == (None, None)  # as strict as p: left out, they follow p
    under_sp = next_proposal(Proposal(p="none", sp="reject", np="quarantine"), STAGES[1])
    assert (under_sp.sp, under_sp.np) == ("reject", None)  # np would inherit the stricter sp: left out


# The record ----------------------------------------------------------------------------------------------------
def test_record_keeps_rua_ruf_fo_drops_pct_and_adds_testing() -> None:
    live = {"v": "DMARC1", "p": "none", "pct": "100", "rua": f"mailto:{RUA},mailto:x@vendor.example",
            "ruf": "mailto:f@example.com", "fo": "1", "rf": "afrf", "ri": "86400", "psd": "n"}
    r = compose(D, Proposal(p="quarantine", t=True), live, None, RUA)
    assert r.name == "_dmarc.example.com"
    assert r.value == (f"v=DMARC1; p=quarantine; t=y; psd=n; fo=1; rua=mailto:{RUA},mailto:x@vendor.example; "
                       "ruf=mailto:f@example.com")
    assert (r.from_dns, r.dropped, r.rua_added) == (True, ("pct", "rf", "ri"), False)


def test_record_without_testing_and_with_sp_np_and_strict_modes() -> None:
    r = compose(D, Proposal(p="reject", sp="reject", np="reject", adkim="s"), {"v": "DMARC1", "p": "reject",
                "t": "y", "aspf": "r", "rua": "mailto:a@example.com"}, None, RUA)
    assert r.value == (f"v=DMARC1; p=reject; sp=reject; np=reject; adkim=s; aspf=r; "
                       f"rua=mailto:a@example.com,mailto:{RUA}")
    assert r.rua_added and "t=" not in r.value  # t=n is the default: left out


def test_record_without_the_live_one_uses_this_deployments_rua_and_the_reported_fo() -> None:
    r = compose(D, Proposal(p="quarantine", t=True), None, "1", RUA)
    assert r.value == f"v=DMARC1; p=quarantine; t=y; fo=1; rua=mailto:{RUA}"
    assert (r.from_dns, r.rua_added, r.dropped) == (False, False, ())
    size_suffix = compose(D, Proposal(), {"rua": f"mailto:{RUA.upper()}!10m"}, None, RUA)
    assert not size_suffix.rua_added  # the address is there, whatever its case and size suffix


# Criteria and senders to fix -----------------------------------------------------------------------------------
TAGS = Matcher([make_entry("192.0.2.0/24", "mail"), make_entry("198.51.100.0/24", "crm"),
                make_entry("203.0.113.0/24", "news")])
GOOD = "example.com/s1/pass"


def day(f: Fact, n: int) -> Fact:
    return replace(f, day=date(2026, 6, 1) + timedelta(days=n))


RULES = PlanRules(days=3, min_volume=50)


def run(facts: list[Fact], current: Current | None = None, lang: str = "en") -> Plan:
    cur = current or current_of([seen("google.com", 0, p="none")])
    return plan(facts, D, cur, TAGS, EveryNameExists(), RULES, lang)


def test_days_in_a_row_within_the_tolerance_counted_back_from_the_latest() -> None:
    facts = []
    for n, failing in enumerate([6, 0, 1, 0, 0]):  # day 2: 1 of 1000 = 0.1 % (within 0.5 %)
        facts += [day(fact(dkim=GOOD, ip="192.0.2.1", count=1000 - failing), n)]
        facts += [day(fact(ip="198.51.100.1", count=failing), n)] if failing else []
    p = run(facts)
    assert [d.within for d in p.daily] == [False, True, True, True, True]
    c = next(c for c in p.criteria if c.code == OWN_HIT_DAYS)
    assert (c.met, c.value, c.required) == (True, 4, 3)
    gap = [f for f in facts if f.day != date(2026, 6, 4)]  # no own mail on day 3: the run starts again after it
    assert next(c for c in run(gap).criteria if c.code == OWN_HIT_DAYS).value == 1
    spoofed = facts + [day(fact(ip="10.9.9.9", count=5000), 4)]  # unregistered mail does not count
    assert next(c for c in run(spoofed).criteria if c.code == OWN_HIT_DAYS).value == 4


def test_every_sender_above_the_volume_within_the_tolerance_and_enough_reporters() -> None:
    facts = [fact(dkim=GOOD, ip="192.0.2.1", count=500), fact(ip="198.51.100.1", count=60),
             fact(dkim=GOOD, ip="203.0.113.1", count=48, reporter="Yahoo"), fact(ip="203.0.113.2", count=1)]
    p = run(facts)
    c = {c.code: c for c in p.criteria}
    assert (c[SENDERS_ALIGNED].met, c[SENDERS_ALIGNED].value, c[SENDERS_ALIGNED].required,
            c[SENDERS_ALIGNED].names) == (False, 1, 2, ("crm",))  # news (49 messages, 2 % hit) is below the volume
    assert (c[REPORTERS].met, c[REPORTERS].value) == (True, 2)
    assert not p.ready
    alone = run([fact(dkim=GOOD, ip="192.0.2.1", count=500)])
    assert {c.code: c.met for c in alone.criteria} == {OWN_HIT_DAYS: False, SENDERS_ALIGNED: True,
                                                       REPORTERS: False}


def test_criteria_measure_the_requested_policy_without_testing() -> None:
    p = run([fact(ip="198.51.100.1", count=10)])
    assert (p.next, p.proposal.t, p.measured.t, p.own_hit) == (STAGES[1], True, False, 10)


def test_senders_to_fix_largest_hit_first_with_their_fix() -> None:
    facts = [fact(ip="198.51.100.1", count=30, spf="bounce.esp.example", scope="mfrom"),  # crm: pattern 3
             fact(ip="203.0.113.1", count=70, dkim="sendgrid.net/s1/pass", service="sendgrid"),  # news: pattern 2
             fact(ip="203.0.113.2", count=5, dkim=GOOD), fact(ip="192.0.2.9", count=100, dkim=GOOD),
             fact(ip="10.0.0.1", count=999)]  # unregistered: never a sender to fix
    p = run(facts)
    assert [(s.name, s.hit, s.messages, s.hit_pct, s.share_pct, s.pattern) for s in p.senders] == [
        ("news", 70, 75, 93.33, 70.0, 2), ("crm", 30, 30, 100.0, 30.0, 3)]
    news, crm = p.senders
    assert news.service == "sendgrid" and [f.kind for f in news.fixes] == ["dkim", "spf"]  # the catalogue's fix
    assert "example.com" in news.fixes[0].text
    assert crm.service == "" and crm.fixes[0].kind == "advice" and crm.fixes[0].text  # the pattern's advice
    assert run(facts, lang="ja").senders[1].fixes[0].text != crm.fixes[0].text


def test_a_registry_entry_naming_a_service_is_own_mail_and_a_sender_to_fix() -> None:
    tags = Matcher([make_entry("service:sendgrid", "newsletter")])
    facts = [fact(ip="203.0.113.9", count=40, dkim="sendgrid.net/s1/pass", service="sendgrid"),
             fact(ip="203.0.113.10", count=10, dkim=GOOD, service="sendgrid"), fact(ip="10.0.0.1", count=999)]
    p = plan(facts, D, current_of([seen("google.com", 0, p="none")]), tags, EveryNameExists(), RULES)
    assert (p.own_messages, p.own_hit) == (50, 40)
    assert [(s.name, s.tag, s.service, s.messages, s.hit) for s in p.senders] == [
        ("newsletter", "newsletter", "sendgrid", 50, 40)]
    assert p.senders[0].fixes[0].kind == "dkim"  # the catalogue's fix for the service

def test_at_reject_nothing_further() -> None:
    p = run([fact(ip="198.51.100.1", count=10)], current_of([seen("google.com", 0, p="reject")]))
    assert (p.next, p.proposal.p, p.ready) == (None, "reject", False)
    assert p.senders[0].hit == 10  # what the current policy hits is still to fix
