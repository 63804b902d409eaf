"""Mailbox-provider requirements over a range of facts: per provider (by the reporter that reported the mail) the
mail it would refuse and the senders behind it, and per sending service and source whether its mail meets what
the providers require of bulk senders (provider_rules, providers.toml with the sources).

A fact is judged only when it is direct mail with a DMARC result: forwarded and mailing-list mail is counted apart
(`indirect`), as is mail whose result the reporter could not give (`unknown`). `non_compliant` is direct mail that
fails the bulk-sender requirements; `refused` is what the provider refuses now: all of `non_compliant` when the
domain sends it more than `bulk_per_day` messages on some day of the range (`peak_daily`, all of the domain's
mail that provider reported that day, subdomains included), otherwise the mail failing what every sender must
meet. Pure."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from chalicelib.analysis.common import NameCount, pct, ranked
from chalicelib.analysis.facts import Fact
from chalicelib.senders.catalogue import Catalogue, load_catalogue
from chalicelib.senders.fixes import FixText, fix_texts
from chalicelib.senders.provider_rules import REQUIREMENTS, Provider, load_providers, provider_of
from chalicelib.senders.report import NAMES

MAX_SOURCES = 5


@dataclass(frozen=True, slots=True)
class Miss:
    requirement: str  # a provider_rules.REQUIREMENTS name
    messages: int


@dataclass(frozen=True, slots=True)
class ProviderSender:
    """One service's direct mail to one provider."""
    service: str  # catalogue id, "own" or "" (unidentified)
    name: str
    messages: int
    non_compliant: int
    missing: tuple[Miss, ...]


@dataclass(frozen=True, slots=True)
class ProviderRow:
    provider: str
    name: str
    reporters: tuple[str, ...]  # the org_names seen for it
    messages: int
    indirect: int
    unknown: int
    compliant: int
    non_compliant: int
    non_compliant_pct: float  # of the direct mail judged
    peak_daily: int
    peak_day: date | None
    bulk: bool  # peak_daily above bulk_per_day
    bulk_per_day: int
    refused: int
    action: str
    smtp_reply: str
    since: date
    requirements: tuple[str, ...]  # the bulk-sender ones
    sources: tuple[str, ...]
    senders: tuple[ProviderSender, ...]  # the non-compliant first, largest first


@dataclass(frozen=True, slots=True)
class SenderCompliance:
    """One service's direct mail to all the providers: which requirement it misses, where, from which sources."""
    service: str
    name: str
    messages: int
    compliant: int
    non_compliant: int
    compliant_pct: float
    missing: tuple[Miss, ...]
    by_provider: tuple[NameCount, ...]  # provider id -> non-compliant messages (pct of this service's)
    sources: tuple[NameCount, ...]  # source IPs of its non-compliant mail, largest first
    fixes: tuple[FixText, ...]
    docs: str


@dataclass(frozen=True, slots=True)
class ProvidersReport:
    messages: int  # reported by the known providers
    other_messages: int  # reported by anyone else (not judged)
    providers: tuple[ProviderRow, ...]
    senders: tuple[SenderCompliance, ...]  # the non-compliant first, most non-compliant messages first


@dataclass(slots=True)
class _Acc:
    messages: int = 0
    judged: int = 0
    bad: int = 0
    missing: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(slots=True)
class _Prov:
    reporters: set[str] = field(default_factory=set)
    messages: int = 0
    indirect: int = 0
    unknown: int = 0
    refused_small: int = 0  # failing the all-senders requirements
    daily: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    services: dict[str, _Acc] = field(default_factory=dict)


def missing_of(f: Fact, requirements: Iterable[str]) -> list[str]:
    return [r for r in requirements if not REQUIREMENTS[r](f)]


def provider_requirements(facts: Iterable[Fact], domain: str, lang: str = "en",
                          providers: tuple[Provider, ...] | None = None,
                          catalogue: Catalogue | None = None) -> ProvidersReport:
    providers = providers if providers is not None else load_providers()
    catalogue = catalogue or load_catalogue()
    acc = {p.id: _Prov() for p in providers}
    services: dict[str, _Acc] = {}
    by_provider: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sources: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    other = 0
    for f in facts:
        provider = provider_of(f.reporter, providers)
        if provider is None:
            other += f.count
            continue
        a = acc[provider.id]
        a.reporters.add(f.reporter)
        a.messages += f.count
        a.daily[f.day] += f.count
        if f.detail.route:
            a.indirect += f.count
            continue
        if f.unknown:
            a.unknown += f.count
            continue
        missed = missing_of(f, provider.bulk_senders)
        if missing_of(f, provider.all_senders):
            a.refused_small += f.count
        for target in (a.services.setdefault(f.service, _Acc()), services.setdefault(f.service, _Acc())):
            _add(target, f.count, missed)
        if missed:
            by_provider[f.service][provider.id] += f.count
            sources[f.service][f.source_ip] += f.count
    lang = "ja" if lang == "ja" else "en"
    rows = tuple(_provider_row(p, acc[p.id], lang, catalogue) for p in providers)
    compliance = [_sender(s, a, by_provider[s], sources[s], domain, lang, catalogue) for s, a in services.items()]
    compliance.sort(key=lambda c: (-c.non_compliant, -c.messages, c.service))
    return ProvidersReport(sum(r.messages for r in rows), other, rows, tuple(compliance))


def _add(a: _Acc, n: int, missed: list[str]) -> None:
    a.messages += n
    a.judged += n
    if missed:
        a.bad += n
        for r in missed:
            a.missing[r] += n


def _name(service: str, lang: str, catalogue: Catalogue) -> str:
    found = catalogue.by_id.get(service)
    return found.name(lang) if found else NAMES[lang].get(service, service)


def _misses(a: _Acc) -> tuple[Miss, ...]:
    return tuple(Miss(r, n) for r, n in sorted(a.missing.items(), key=lambda kv: (-kv[1], kv[0])))


def _provider_row(p: Provider, a: _Prov, lang: str, catalogue: Catalogue) -> ProviderRow:
    judged = sum(s.judged for s in a.services.values())
    bad = sum(s.bad for s in a.services.values())
    peak_day = max(a.daily, key=lambda d: (a.daily[d], d), default=None)
    peak = a.daily[peak_day] if peak_day else 0
    bulk = peak > p.bulk_per_day
    senders = sorted((ProviderSender(s, _name(s, lang, catalogue), x.messages, x.bad, _misses(x))
                      for s, x in a.services.items()), key=lambda r: (-r.non_compliant, -r.messages, r.service))
    return ProviderRow(
        provider=p.id, name=p.name(lang), reporters=tuple(sorted(a.reporters)), messages=a.messages,
        indirect=a.indirect, unknown=a.unknown, compliant=judged - bad, non_compliant=bad,
        non_compliant_pct=pct(bad, judged), peak_daily=peak, peak_day=peak_day, bulk=bulk,
        bulk_per_day=p.bulk_per_day, refused=bad if bulk else a.refused_small, action=p.action,
        smtp_reply=p.smtp_reply, since=p.since, requirements=p.bulk_senders, sources=p.sources,
        senders=tuple(senders))


def _sender(service: str, a: _Acc, by_provider: dict[str, int], sources: dict[str, int], domain: str, lang: str,
            catalogue: Catalogue) -> SenderCompliance:
    found = catalogue.by_id.get(service)
    fixes = fix_texts(found, domain, lang) if found and a.bad else ()
    return SenderCompliance(
        service=service, name=_name(service, lang, catalogue), messages=a.messages, compliant=a.judged - a.bad,
        non_compliant=a.bad, compliant_pct=pct(a.judged - a.bad, a.judged), missing=_misses(a),
        by_provider=ranked(by_provider, a.messages), sources=ranked(sources, a.messages)[:MAX_SOURCES],
        fixes=fixes, docs=next((f.docs for f in fixes if f.docs), ""))
