"""The reporter map: which From domains may send the reports of a reporting organization (org_name), read by
a small pure reader from a reviewed data file (default: reporters.toml next to this module).

An org-name pattern matches case-insensitively, with runs of spaces collapsed; "*" and "?" are wildcards
(fnmatch). A From domain matches a listed domain when it is that domain or one of its subdomains. List the
sending domain itself, never a mailbox provider's public domain (gmail.com, outlook.com, yahoo.com): anyone
can get a mailbox there. `mailbox_providers` names such domains: they never vouch for a report through the
report's own <email> (see judge)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from chalicelib.datafiles import read_toml
from chalicelib.provenance.syntax import domain

DEFAULT_PATH = Path(__file__).with_name("reporters.toml")


class ReporterMapError(ValueError):
    """The data file is malformed (a deployment error, not a user-facing one)."""


@dataclass(frozen=True, slots=True)
class Reporter:
    name: str
    org_names: tuple[str, ...]  # patterns, already normalised (lower case, single spaces)
    from_domains: tuple[str, ...]
    sources: tuple[str, ...]


def normalise_org(org_name: str) -> str:
    return " ".join(org_name.split()).casefold()


def within(name: str, listed: str) -> bool:
    return name == listed or name.endswith("." + listed)


class ReporterMap:
    def __init__(self, reporters: Iterable[Reporter] = (), mailbox_providers: Iterable[str] = ()) -> None:
        self.reporters = tuple(reporters)
        self.mailbox_providers = frozenset(mailbox_providers)

    def domains_for(self, org_name: str) -> frozenset[str] | None:
        """The From domains listed for every entry whose pattern matches org_name; None when none matches."""
        org = normalise_org(org_name)
        hits = [r for r in self.reporters if any(fnmatchcase(org, p) for p in r.org_names)]
        return frozenset(d for r in hits for d in r.from_domains) if hits else None

    def is_mailbox_provider(self, name: str) -> bool:
        return any(within(name, p) for p in self.mailbox_providers)


def load_reporters(path: Path | None = None) -> ReporterMap:
    """Reads the reporter map (default: the packaged reporters.toml); raises ReporterMapError when malformed."""
    source = path or DEFAULT_PATH
    data = read_toml(source, ReporterMapError)
    reporters = [_reporter(entry, source) for entry in _list(data, "reporter", source)]
    providers = data.get("mailbox_providers", {})
    return ReporterMap(reporters, _domains(_list(providers, "domains", source), source))


def _reporter(entry: Any, source: Path) -> Reporter:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ReporterMapError(f"{source}: every [[reporter]] needs a name")
    where = f"{source}: reporter {entry['name']!r}"
    org_names = [normalise_org(_text(o, where)) for o in _list(entry, "org_names", source)]
    sources = [_text(s, where) for s in _list(entry, "sources", source)]
    domains = _domains(_list(entry, "from_domains", source), source)
    if not (org_names and sources and domains):
        raise ReporterMapError(f"{where}: org_names, from_domains and sources must not be empty")
    return Reporter(entry["name"], tuple(org_names), tuple(domains), tuple(sources))


def _list(table: Any, key: str, source: Path) -> list[Any]:
    value = table.get(key, []) if isinstance(table, dict) else None
    if not isinstance(value, list):
        raise ReporterMapError(f"{source}: {key} must be a list")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ReporterMapError(f"{where}: {value!r} is not text")
    return value


def _domains(values: list[Any], source: Path) -> list[str]:
    names = [domain(v) if isinstance(v, str) else None for v in values]
    if None in names:
        raise ReporterMapError(f"{source}: not a domain name in {values!r}")
    return [n for n in names if n]
