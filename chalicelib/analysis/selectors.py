"""DKIM selector inventory: every (d=, selector) seen signing mail sent as the domain (the facts' header_from),
with the first and last day seen, the messages it signed, how many of them it verified, and the services that
sent them. `own` marks signatures whose d= is in the header From domain's organizational domain: the keys
published in the domain's own DNS, the ones the selector alerts watch."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from chalicelib.analysis.common import pct
from chalicelib.analysis.facts import Fact
from chalicelib.dmarc.alignment import organizational_domain


@dataclass(frozen=True, slots=True)
class SelectorRow:
    domain: str  # d=
    selector: str  # s= ("" when the report left it out)
    own: bool  # d= in the header From's organizational domain
    first_seen: date
    last_seen: date
    days: int  # distinct days seen
    messages: int  # messages carrying this signature
    passed: int  # of them, messages on which it verified
    pass_pct: float
    services: tuple[str, ...]  # sending services ("own", catalogue ids; "" unknown), most messages first


@dataclass(frozen=True, slots=True)
class SelectorInventory:
    messages: int  # all messages of the range
    signed: int  # messages with any DKIM signature
    rows: tuple[SelectorRow, ...]  # own first, then by messages (largest first), then d=, selector


@dataclass(slots=True)
class _Acc:
    own: bool
    first: date
    last: date
    days: set[date] = field(default_factory=set)
    messages: int = 0
    passed: int = 0
    services: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def signatures(f: Fact) -> list[tuple[str, str, bool]]:
    """(d=, selector, verified) of each distinct signature of a fact (lower-case d=; a pass wins a repeat)."""
    seen: dict[tuple[str, str], bool] = {}
    for d, s, result in f.detail.dkim_results():
        if d:
            key = (d.lower(), s)
            seen[key] = seen.get(key, False) or result == "pass"
    return [(d, s, ok) for (d, s), ok in seen.items()]


def is_own(d: str, header_from: str) -> bool:
    return organizational_domain(d) == organizational_domain(header_from.lower())


def selector_inventory(facts: Iterable[Fact], own_only: bool = False) -> SelectorInventory:
    accs: dict[tuple[str, str], _Acc] = {}
    messages = signed = 0
    own_of: dict[tuple[str, str], bool] = {}
    for f in facts:
        n = f.count
        messages += n
        found = signatures(f)
        if found:
            signed += n
        for d, s, ok in found:
            mine = own_of.get((d, f.header_from))
            if mine is None:
                mine = own_of[(d, f.header_from)] = is_own(d, f.header_from)
            if own_only and not mine:
                continue
            acc = accs.get((d, s))
            if acc is None:
                acc = accs[(d, s)] = _Acc(mine, f.day, f.day)
            acc.own = acc.own or mine
            acc.first, acc.last = min(acc.first, f.day), max(acc.last, f.day)
            acc.days.add(f.day)
            acc.messages += n
            acc.passed += n if ok else 0
            acc.services[f.detail.service] += n
    rows = [SelectorRow(d, s, a.own, a.first, a.last, len(a.days), a.messages, a.passed, pct(a.passed, a.messages),
                        tuple(k for k, _ in sorted(a.services.items(), key=lambda kv: (-kv[1], kv[0]))))
            for (d, s), a in accs.items()]
    rows.sort(key=lambda r: (not r.own, -r.messages, r.domain, r.selector))
    return SelectorInventory(messages, signed, tuple(rows))
