"""The service catalogue, read by a small pure reader from catalogue.toml (next to this module): each service's
names, category, evidence (DKIM d= domains, MAIL FROM domains, reverse-DNS suffixes, published ranges) and the
fixes that make its mail align."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.datafiles import read_toml

DEFAULT_PATH = Path(__file__).with_name("catalogue.toml")
CATEGORIES = ("esp", "mailbox_provider", "crm_marketing", "helpdesk", "forwarder", "mailing_list",
              "security_gateway")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class CatalogueError(ValueError):
    """The data file is malformed (a deployment error, not a user-facing one)."""


@dataclass(frozen=True, slots=True)
class Fix:
    records: tuple[str, ...]  # "{domain}" stands for the domain being fixed
    howto_en: str
    howto_ja: str
    docs: str


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    name_en: str
    name_ja: str
    category: str
    dkim_domains: tuple[str, ...]
    spf_domains: tuple[str, ...]
    ptr_suffixes: tuple[str, ...]
    ranges: tuple[Network, ...]
    sources: tuple[str, ...]
    dkim: Fix | None = None
    spf: Fix | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" else self.name_en


def _suffix_index(services: tuple[Service, ...], attr: str) -> dict[str, Service]:
    index: dict[str, Service] = {}
    for service in services:
        for name in getattr(service, attr):
            if name in index:
                raise CatalogueError(f"{name} is listed for {index[name].id} and {service.id} ({attr})")
            index[name] = service
    return index


class Catalogue:
    def __init__(self, services: tuple[Service, ...]) -> None:
        ids = [s.id for s in services]
        if len(ids) != len(set(ids)):
            raise CatalogueError("service ids must be unique")
        self.services = services
        self.by_id = {s.id: s for s in services}
        self._dkim = _suffix_index(services, "dkim_domains")
        self._spf = _suffix_index(services, "spf_domains")
        self._ptr = _suffix_index(services, "ptr_suffixes")
        self._ranges = [(net, s) for s in services for net in s.ranges]

    def by_dkim(self, domain: str) -> Service | None:
        return _lookup(self._dkim, domain)

    def by_spf(self, domain: str) -> Service | None:
        return _lookup(self._spf, domain)

    def by_ptr(self, name: str) -> Service | None:
        return _lookup(self._ptr, name)

    def by_address(self, address: str) -> Service | None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        return next((s for net, s in self._ranges if ip.version == net.version and ip in net), None)


def _lookup(index: dict[str, Service], name: str) -> Service | None:
    """The service listed for `name` or for the nearest parent domain of it."""
    labels = name.lower().rstrip(".").split(".")
    for i in range(len(labels) - 1):
        found = index.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Reads the catalogue (default: the packaged catalogue.toml); raises CatalogueError when malformed."""
    source = path or DEFAULT_PATH
    data = read_toml(source, CatalogueError)
    entries = data.get("service")
    if not isinstance(entries, list):
        raise CatalogueError(f"{source}: no [[service]] entries")
    return Catalogue(tuple(_service(e, source) for e in entries))


def _service(entry: Any, source: Path) -> Service:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise CatalogueError(f"{source}: every [[service]] needs an id")
    where = f"{source}: service {entry['id']!r}"
    texts = {k: entry.get(k) for k in ("name_en", "name_ja", "category")}
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        raise CatalogueError(f"{where}: name_en, name_ja and category are required")
    if entry["category"] not in CATEGORIES:
        raise CatalogueError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
    try:
        ranges = tuple(ipaddress.ip_network(r) for r in _strings(entry, "ranges", where))
    except ValueError as exc:
        raise CatalogueError(f"{where}: {exc}") from exc
    sources = _strings(entry, "sources", where)
    if not sources:
        raise CatalogueError(f"{where}: sources must not be empty")
    evidence = {k: tuple(d.lower().rstrip(".") for d in _strings(entry, k, where))
                for k in ("dkim_domains", "spf_domains", "ptr_suffixes")}
    if not any(evidence.values()) and not ranges:
        raise CatalogueError(f"{where}: no evidence names this service")
    return Service(entry["id"], entry["name_en"], entry["name_ja"], entry["category"], ranges=ranges,
                   sources=sources, dkim=_fix(entry.get("dkim"), where), spf=_fix(entry.get("spf"), where),
                   **evidence)


def _fix(table: Any, where: str) -> Fix | None:
    if table is None:
        return None
    if not isinstance(table, dict) or not all(isinstance(table.get(k), str) for k in ("howto_en", "howto_ja")):
        raise CatalogueError(f"{where}: a fix needs howto_en and howto_ja")
    docs = table.get("docs")
    if not isinstance(docs, str) or not docs.startswith("https://"):
        raise CatalogueError(f"{where}: a fix needs a docs link (https)")
    return Fix(_strings(table, "records", where), table["howto_en"], table["howto_ja"], docs)


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(f"{where}: {key} must be a list of text")
    return tuple(value)
