"""Possible spoofing: source IPs not in the registry, ranked by volume, with their failures, the identifiers
seen (header_from, envelope_from, DKIM domains), the reporters and the first and last day seen. Paged. A source's
figures are its direct mail from unregistered keys (the mail ranked; a registry entry naming a service can register
part of an IP's mail), its identifiers those of its direct mail on the days it sent such mail.
Failing mail that came indirectly (forwarded, mailing lists: facts.is_indirect) is not possible spoofing: it is
left out of the sources and their failures and counted in `forwarded`, per route and service."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from chalicelib.analysis.common import NameCount, TagSource, check_page, pct, ranked
from chalicelib.analysis.facts import Fact, is_failure, is_indirect, pattern_of


@dataclass(frozen=True, slots=True)
class SpoofSource:
    source_ip: str
    messages: int
    pct: float  # of all messages in the range
    dmarc_fail: int
    spf_fail: int  # SPF not authenticated
    dkim_fail: int  # no DKIM signature verified
    patterns: tuple[int, int, int, int]  # messages in failure patterns 1, 2, 3, 4
    header_from: tuple[str, ...]
    envelope_from: tuple[str, ...]
    dkim_domains: tuple[str, ...]
    reporters: tuple[str, ...]
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class SpoofingPage:
    messages: int  # all messages in the range
    unregistered_messages: int
    unregistered_fail: int  # DMARC-failing messages from unregistered sources
    sources: int  # unregistered source IPs (listed, before paging)
    offset: int
    limit: int
    items: tuple[SpoofSource, ...]
    forwarded: int = 0  # failing messages that came indirectly (forwarded, mailing lists), any source
    forwarded_pct: float = 0.0
    forwarded_via: tuple[NameCount, ...] = ()  # per "route service" (e.g. "mailing_list google-groups")


@dataclass(slots=True)
class SourceSums:
    first: date
    last: date
    messages: int = 0
    dmarc_fail: int = 0
    spf_fail: int = 0
    dkim_fail: int = 0
    patterns: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    names: tuple[set[str], set[str], set[str], set[str]] = field(
        default_factory=lambda: (set(), set(), set(), set()))  # header_from, envelope_from, DKIM domains, reporters


def spoofing(
    facts: Iterable[Fact], tags: TagSource, offset: int = 0, limit: int = 50, failing_only: bool = False,
) -> SpoofingPage:
    """``failing_only`` lists only IPs with at least one DMARC-failing message. Ranking needs only two sums
    per IP; the identifiers and days are gathered in a second pass for the IPs of the requested page only."""
    check_page(offset, limit)
    facts = facts if isinstance(facts, Sequence) else list(facts)
    tag_for = tags.tag_for
    resolved: dict[tuple[str, str], bool] = {}
    volume: dict[str, list[int]] = {}  # ip -> [messages, DMARC-failing messages]
    messages = 0
    via: dict[str, int] = {}
    for f in facts:
        n = f.count
        messages += n
        if is_indirect(f):
            name = f"{f.route} {f.service}".strip()
            via[name] = via.get(name, 0) + n
            continue
        ip = f.source_ip
        key = (ip, f.detail.service)
        registered = resolved.get(key)
        if registered is None:
            registered = resolved[key] = tag_for(*key) is not None
        if registered:
            continue
        v = volume.get(ip)
        if v is None:
            v = volume[ip] = [0, 0]
        v[0] += n
        if is_failure(f):
            v[1] += n
    return spoofing_page(messages, volume, via, lambda ips: _details(facts, ips, resolved), offset, limit,
                         failing_only)


def spoofing_page(messages: int, volume: dict[str, list[int]], via: dict[str, int],
                  details: Callable[[set[str]], dict[str, SourceSums]], offset: int, limit: int, failing_only: bool,
                  ) -> SpoofingPage:
    """The page from the sums: per unregistered source [direct messages, of which failing], the indirect failing
    messages per "route service", and the details of the page's sources (``spoofing`` sums facts;
    ``analysis.summed`` sums day summaries)."""
    return page_of(messages, volume, via, ranked_sources(volume, failing_only), details, offset, limit)


def ranked_sources(volume: dict[str, list[int]], failing_only: bool) -> list[str]:
    """The sources listed, largest first (ties: more failing, then by address)."""
    listed = [ip for ip, v in volume.items() if v[1] or not failing_only]
    listed.sort(key=lambda ip: (-volume[ip][0], -volume[ip][1], ip))
    return listed


def page_of(messages: int, volume: dict[str, list[int]], via: dict[str, int], listed: list[str],
            details: Callable[[set[str]], dict[str, SourceSums]], offset: int, limit: int) -> SpoofingPage:
    """One page of the ranked sources (``ranked_sources``): a table of every page ranks once."""
    page = listed[offset:offset + limit]
    found = details(set(page))
    return SpoofingPage(
        messages=messages,
        unregistered_messages=sum(v[0] for v in volume.values()),
        unregistered_fail=sum(v[1] for v in volume.values()),
        sources=len(listed), offset=offset, limit=limit,
        items=tuple(_source(ip, found[ip], messages) for ip in page),
        forwarded=sum(via.values()), forwarded_pct=pct(sum(via.values()), messages),
        forwarded_via=ranked(via, messages),
    )


def _details(facts: Sequence[Fact], ips: set[str], registered: dict[tuple[str, str], bool]
             ) -> dict[str, SourceSums]:
    """The page's sources: their direct mail from unregistered keys (sums, first and last day), and the
    identifiers of their direct mail on the days they sent such mail. `registered`: every direct fact's key
    resolved (the ranking pass did it)."""
    accs: dict[str, SourceSums] = {}
    days: set[tuple[str, date]] = set()
    for f in facts:
        ip = f.source_ip
        if ip not in ips or is_indirect(f) or registered[(ip, f.detail.service)]:
            continue
        n = f.count
        a = accs.get(ip)
        if a is None:
            a = accs[ip] = SourceSums(f.day, f.day)
        days.add((ip, f.day))
        a.messages += n
        a.first = min(a.first, f.day)
        a.last = max(a.last, f.day)
        if not f.spf_auth:
            a.spf_fail += n
        if not f.dkim_auth:
            a.dkim_fail += n
        pattern = pattern_of(f)
        if pattern.is_failure:
            a.dmarc_fail += n
            a.patterns[pattern] += n
    for f in facts:
        if (f.source_ip, f.day) in days and not is_indirect(f):
            names = accs[f.source_ip].names
            names[0].add(f.header_from)
            names[1].add(f.envelope_from)
            names[2].update(f.dkim_domains.split())
            names[3].add(f.reporter)
    return accs


def _source(ip: str, a: SourceSums, messages: int) -> SpoofSource:
    p = a.patterns
    return SpoofSource(
        source_ip=ip, messages=a.messages, pct=pct(a.messages, messages),
        dmarc_fail=a.dmarc_fail, spf_fail=a.spf_fail, dkim_fail=a.dkim_fail, patterns=(p[1], p[2], p[3], p[4]),
        header_from=_names(a.names[0]), envelope_from=_names(a.names[1]), dkim_domains=_names(a.names[2]),
        reporters=_names(a.names[3]),
        first_day=a.first, last_day=a.last,
    )


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))
