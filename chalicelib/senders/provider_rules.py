"""The mailbox providers' requirements, read by a small pure reader from providers.toml (next to this module): who
reports for each provider, what every sender and what bulk senders must meet, what happens otherwise, and the
sources. The requirements are named checks on a fact (REQUIREMENTS)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.analysis.facts import Fact
from chalicelib.datafiles import read_toml

DEFAULT_PATH = Path(__file__).with_name("providers.toml")
ACTIONS = ("reject", "spam")

REQUIREMENTS: dict[str, Callable[[Fact], bool]] = {
    "spf_pass": lambda f: f.spf_auth or f.spf_aligned,
    "dkim_pass": lambda f: f.dkim_auth or f.dkim_aligned,
    "aligned": lambda f: f.spf_aligned or f.dkim_aligned,  # DMARC pass: SPF or DKIM aligned with the From domain
    "spf_or_dkim": lambda f: f.spf_auth or f.dkim_auth or f.spf_aligned or f.dkim_aligned,
}


class ProviderRulesError(ValueError):
    """The data file is malformed (a deployment error, not a user-facing one)."""


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    name_en: str
    name_ja: str
    org_names: tuple[str, ...]  # report_metadata/org_name patterns ("*" wildcard), case-insensitive
    bulk_per_day: int
    all_senders: tuple[str, ...]  # REQUIREMENTS names
    bulk_senders: tuple[str, ...]
    action: str
    smtp_reply: str
    since: date
    sources: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def reports(self, org_name: str) -> bool:
        return any(fnmatchcase(org_name.lower(), p.lower()) for p in self.org_names)


def _requirements(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    names = tuple(entry.get(key, ()))
    unknown = [n for n in names if n not in REQUIREMENTS]
    if unknown:
        raise ProviderRulesError(f"{entry.get('id')}: unknown requirement(s) {unknown} in {key}")
    return names


def _provider(entry: dict[str, Any]) -> Provider:
    try:
        action = entry["action"]
        if action not in ACTIONS:
            raise ProviderRulesError(f"{entry['id']}: action must be one of {ACTIONS}")
        if not entry.get("sources"):
            raise ProviderRulesError(f"{entry['id']}: no sources")
        return Provider(entry["id"], entry["name_en"], entry["name_ja"], tuple(entry["org_names"]),
                        int(entry["bulk_per_day"]), _requirements(entry, "all_senders"),
                        _requirements(entry, "bulk_senders"), action, entry.get("smtp_reply", ""),
                        date.fromisoformat(entry["since"]), tuple(entry["sources"]))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ProviderRulesError):
            raise
        raise ProviderRulesError(f"provider {entry.get('id', '?')}: {exc!r}") from exc


def parse_providers(data: dict[str, Any]) -> tuple[Provider, ...]:
    providers = tuple(_provider(e) for e in data.get("provider", ()))
    ids = [p.id for p in providers]
    if len(set(ids)) != len(ids):
        raise ProviderRulesError(f"duplicate provider ids in {ids}")
    return providers


@lru_cache(maxsize=4)
def load_providers(path: Path = DEFAULT_PATH) -> tuple[Provider, ...]:
    return parse_providers(read_toml(path, ProviderRulesError))


def provider_of(org_name: str, providers: tuple[Provider, ...]) -> Provider | None:
    return next((p for p in providers if p.reports(org_name)), None)
