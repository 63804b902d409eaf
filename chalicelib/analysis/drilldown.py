"""Drill-down: the facts behind any row of any analysis. Predicates are built from the row's key (pattern,
tag, source IP, day range, ...) and combined; ``select`` applies one and pages the result.

    pick = all_of(has_pattern(Pattern.BOTH_FAIL), has_tag(matcher, None))  # pattern 4, possible spoofing
    page = select(facts, pick, offset=0, limit=100)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from chalicelib.analysis.common import TagSource, check_page, tag_of_fact
from chalicelib.analysis.facts import Fact, Pattern, is_failure

Predicate = Callable[[Fact], bool]


@dataclass(frozen=True, slots=True)
class FactPage:
    total_facts: int  # matching facts, before paging
    total_messages: int  # their message count
    offset: int
    limit: int
    items: tuple[Fact, ...]  # largest count first, then day, then source IP


def has_pattern(*patterns: Pattern | int) -> Predicate:
    """Facts in any of the given patterns (Pattern.PASS included when asked for)."""
    wanted = frozenset(Pattern(p) for p in patterns)
    return lambda f: f.pattern in wanted


def dmarc_failing() -> Predicate:
    """Facts in a failure pattern (an unknown DMARC result is not a failure)."""
    return is_failure


def has_tag(tags: TagSource, tag: str | None) -> Predicate:
    """Facts whose source IP carries ``tag``; ``None`` selects unregistered sources ("possible spoofing")."""
    return lambda f: tag_of_fact(tags, f) == tag


def is_tagged(tags: TagSource) -> Predicate:
    return lambda f: tag_of_fact(tags, f) is not None


def sent_by(service: str) -> Predicate:
    """Facts identified as ``service`` (a catalogue id, "own"; "" selects the unidentified)."""
    return lambda f: f.detail.service == service


def from_ip(*ips: str) -> Predicate:
    """Facts from the given source IPs (text form as stored in facts, i.e. compressed, v4-mapped folded)."""
    wanted = frozenset(ips)
    return lambda f: f.source_ip in wanted


def between(start: date | None = None, end: date | None = None) -> Predicate:
    """Facts on days from ``start`` to ``end`` inclusive; either bound may be open."""
    return lambda f: (start is None or f.day >= start) and (end is None or f.day <= end)


def with_field(name: str, value: str) -> Predicate:
    """Facts whose text field ``name`` (reporter, header_from, envelope_from, disposition) equals ``value``."""
    if name not in ("reporter", "header_from", "envelope_from", "disposition"):
        raise ValueError(f"field: {name!r} cannot be filtered on")
    return lambda f: getattr(f, name) == value


def signed_by(domain: str) -> Predicate:
    """Facts whose DKIM domains (as reported) include ``domain``."""
    return lambda f: domain in f.dkim_domains.split()


def all_of(*predicates: Predicate) -> Predicate:
    return lambda f: all(p(f) for p in predicates)


def any_of(*predicates: Predicate) -> Predicate:
    return lambda f: any(p(f) for p in predicates)


def select(facts: Iterable[Fact], predicate: Predicate, offset: int = 0, limit: int = 100) -> FactPage:
    check_page(offset, limit)
    matched = [f for f in facts if predicate(f)]
    matched.sort(key=lambda f: (-f.count, f.day, f.source_ip))
    return FactPage(
        total_facts=len(matched), total_messages=sum(f.count for f in matched),
        offset=offset, limit=limit, items=tuple(matched[offset:offset + limit]),
    )
