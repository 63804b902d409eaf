"""The registry as the alert evaluation's TagSources: one Matcher per domain, built from its entries."""
from __future__ import annotations

from chalicelib.analysis.common import TagSource
from chalicelib.registry import Matcher
from chalicelib.storage.registry import DynamoRegistry


class RegistryTags:
    def __init__(self, registry: DynamoRegistry) -> None:
        self.registry = registry

    def for_domain(self, domain: str) -> TagSource:
        return Matcher(self.registry.entries(domain))

    def names(self, domain: str) -> frozenset[str]:
        return frozenset(e.tag for e in self.registry.entries(domain))
