"""The senders analysis: per sending service over a range of facts (own infrastructure one row, unidentified
sources one row), its volume, DMARC pass and SPF / DKIM alignment, failure patterns, how much of it the
registry tags, its sources with their reverse-DNS names, its reporters, the share that came forwarded or through
a list, and the catalogue's fix in the user's language. Pure."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from chalicelib.analysis.common import NameCount, TagSource, pct, ranked, tag_of_fact
from chalicelib.analysis.facts import Fact, Pattern, pattern_of
from chalicelib.senders.catalogue import Catalogue, load_catalogue
from chalicelib.senders.fixes import FixText, fix_texts
from chalicelib.senders.identify import OWN
from chalicelib.senders.indirect import FORWARDED, MAILING_LIST

MAX_SOURCES = 20
MAX_NAMES = 10
NAMES = {"en": {OWN: "Own infrastructure", "": "Unidentified sources"},
         "ja": {OWN: "自社インフラ", "": "特定できない送信元"}}


@dataclass(frozen=True, slots=True)
class SenderSource:
    ip: str
    ptr: str  # forward-confirmed reverse-DNS name, "" when none
    messages: int
    tag: str | None  # registry tag of this source's mail, None when not registered


@dataclass(frozen=True, slots=True)
class SenderRow:
    service: str  # catalogue id, "own", or "" (unidentified)
    name: str  # in the asked language
    category: str  # the catalogue's category; "own" / "" for the two other rows
    messages: int
    pct: float  # of all messages of the range
    dmarc_pass: int
    dmarc_pass_pct: float
    spf_aligned: int
    spf_aligned_pct: float
    dkim_aligned: int
    dkim_aligned_pct: float
    patterns: tuple[int, int, int, int]  # messages in failure patterns 1..4 (forwarded mail included)
    unknown: int  # messages whose DMARC result is unknown
    tagged: int  # messages whose source (or service) the registry tags
    tagged_pct: float
    tags: tuple[str, ...]  # the registry tags met, most messages first
    forwarded: int
    mailing_list: int
    indirect_pct: float  # forwarded + mailing list, of this row's messages
    source_count: int  # distinct source IPs (`sources` lists the largest MAX_SOURCES)
    sources: tuple[SenderSource, ...]
    reporters: tuple[NameCount, ...]  # pct: of this row's messages
    dkim_domains: tuple[NameCount, ...]  # DKIM d= seen (the evidence, for unidentified mail above all)
    fixes: tuple[FixText, ...]  # how to align this service's mail with the domain; () for own / unidentified
    docs: str  # the service's documentation of its first fix, "" when none


@dataclass(frozen=True, slots=True)
class SendersReport:
    messages: int
    named_pct: float  # messages whose service is known (a catalogue service or own)
    rows: tuple[SenderRow, ...]  # by messages (largest first); the unidentified row last


@dataclass(slots=True)
class _Acc:
    messages: int = 0
    dmarc_pass: int = 0
    spf_aligned: int = 0
    dkim_aligned: int = 0
    patterns: list[int] = field(default_factory=lambda: [0] * len(Pattern))
    tagged: int = 0
    tags: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    routes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sources: dict[str, list] = field(default_factory=dict)  # ip -> [messages, ptr, tag]
    reporters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dkim: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def senders(facts: Iterable[Fact], tags: TagSource, domain: str, lang: str = "en",
            catalogue: Catalogue | None = None) -> SendersReport:
    catalogue = catalogue or load_catalogue()
    accs: dict[str, _Acc] = {}
    for f in facts:
        service = f.detail.service
        acc = accs.get(service)
        if acc is None:
            acc = accs[service] = _Acc()
        _add(acc, f, tag_of_fact(tags, f))
    messages = sum(a.messages for a in accs.values())
    named = sum(a.messages for s, a in accs.items() if s)
    order = sorted((s for s in accs if s), key=lambda s: (-accs[s].messages, s))
    if "" in accs:
        order.append("")
    rows = tuple(_row(s, accs[s], messages, domain, lang, catalogue) for s in order)
    return SendersReport(messages, pct(named, messages), rows)


def _add(acc: _Acc, f: Fact, tag: str | None) -> None:
    n = f.count
    acc.messages += n
    pattern = pattern_of(f)
    acc.patterns[pattern] += n
    if pattern is Pattern.PASS:
        acc.dmarc_pass += n
    if f.spf_aligned:
        acc.spf_aligned += n
    if f.dkim_aligned:
        acc.dkim_aligned += n
    if tag is not None:
        acc.tagged += n
        acc.tags[tag] += n
    if f.detail.route:
        acc.routes[f.detail.route] += n
    source = acc.sources.get(f.source_ip)
    if source is None:
        source = acc.sources[f.source_ip] = [0, f.ptr, tag]
    source[0] += n
    source[1] = source[1] or f.ptr
    acc.reporters[f.reporter] += n
    for d in f.dkim_domains.split():
        acc.dkim[d] += n


def _row(service: str, a: _Acc, total: int, domain: str, lang: str, catalogue: Catalogue) -> SenderRow:
    found = catalogue.by_id.get(service)
    lang = "ja" if lang == "ja" else "en"
    name = found.name(lang) if found else NAMES[lang].get(service, service)
    fixes = fix_texts(found, domain, lang) if found else ()
    by_size = sorted(a.sources.items(), key=lambda kv: (-kv[1][0], kv[0]))[:MAX_SOURCES]
    p = a.patterns
    indirect = a.routes.get(FORWARDED, 0) + a.routes.get(MAILING_LIST, 0)
    return SenderRow(
        service=service, name=name, category=found.category if found else service, messages=a.messages,
        pct=pct(a.messages, total), dmarc_pass=a.dmarc_pass, dmarc_pass_pct=pct(a.dmarc_pass, a.messages),
        spf_aligned=a.spf_aligned, spf_aligned_pct=pct(a.spf_aligned, a.messages), dkim_aligned=a.dkim_aligned,
        dkim_aligned_pct=pct(a.dkim_aligned, a.messages), patterns=(p[1], p[2], p[3], p[4]),
        unknown=p[Pattern.UNKNOWN], tagged=a.tagged, tagged_pct=pct(a.tagged, a.messages),
        tags=tuple(t.name for t in ranked(a.tags, a.messages)), forwarded=a.routes.get(FORWARDED, 0),
        mailing_list=a.routes.get(MAILING_LIST, 0), indirect_pct=pct(indirect, a.messages),
        source_count=len(a.sources), sources=tuple(SenderSource(ip, ptr, n, tag) for ip, (n, ptr, tag) in by_size),
        reporters=ranked(a.reporters, a.messages)[:MAX_NAMES], dkim_domains=ranked(a.dkim, a.messages)[:MAX_NAMES],
        fixes=fixes, docs=next((f.docs for f in fixes if f.docs), ""),
    )
