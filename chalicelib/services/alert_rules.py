"""Alert rule management (the API's use cases): create, list, update, delete, enable/disable rules of a domain;
active alerts, history, digest opt-in and the log of sent notifications."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.alerting.codec import merge, rule_from_dict
from chalicelib.alerting.rules import Rule
from chalicelib.alerting.state import AlertEvent, AlertState, close
from chalicelib.errors import RuleError, RuleNotFound, UnknownDomain
from chalicelib.ports.alerts import (
    AlertHistory,
    AlertRules,
    AlertStates,
    DigestSubscription,
    NotificationLog,
    SentNotification,
    TagSources,
)
from chalicelib.ports.ingest import Domains, Page
from chalicelib.services.listing import scoped_page

if TYPE_CHECKING:
    from chalicelib.access.scope import Scope

MAX_RULES_PER_DOMAIN = 50


class AlertRuleService:
    def __init__(self, rules: AlertRules, states: AlertStates, history: AlertHistory, log: NotificationLog | None,
                 domains: Domains, new_id: Callable[[], str] = lambda: secrets.token_hex(6),
                 tags: TagSources | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 on_open_alerts: Callable[[str, int], None] | None = None) -> None:
        self.rule_store, self.state_store, self.event_store, self.sent_log = rules, states, history, log
        self.domains, self.new_id, self.tags, self.clock = domains, new_id, tags, clock
        self.on_open_alerts = on_open_alerts  # told a domain's open alert count after alerts were closed here

    def _known_tag(self, rule: Rule) -> Rule:
        """A tag rule must name a tag of the domain's registry (a rule on a typo would never fire)."""
        tag = getattr(rule.condition, "tag", None)
        if self.tags is not None and isinstance(tag, str) and tag not in self.tags.names(rule.domain):
            raise RuleError("unknown_tag", "tag", tag=tag)
        return rule

    def _domain(self, domain: str) -> str:
        name = domain.strip().rstrip(".").lower()
        found = self.domains.get(name)
        if found is None or not found.active:
            raise UnknownDomain(name)
        return name

    def list_rules(self, domain: str) -> list[Rule]:
        return sorted(self.rule_store.list(self._domain(domain)), key=lambda r: (r.name, r.rule_id))

    def get_rule(self, domain: str, rule_id: str) -> Rule:
        rule = self.rule_store.get(self._domain(domain), rule_id)
        if rule is None:
            raise RuleNotFound(rule_id)
        return rule

    def create_rule(self, domain: str, body: Any) -> Rule:
        name = self._domain(domain)
        rule = self._known_tag(rule_from_dict(name, self.new_id(), body))
        if len(self.rule_store.list(name)) >= MAX_RULES_PER_DOMAIN:
            raise RuleError("too_many_rules", "id", max=MAX_RULES_PER_DOMAIN)
        self.rule_store.create(rule)
        return rule

    def update_rule(self, domain: str, rule_id: str, changes: Any) -> Rule:
        """A changed condition closes the rule's active alerts (history only): they were about the old one."""
        before = self.get_rule(domain, rule_id)
        rule = merge(before, changes)
        if rule.condition != before.condition:
            self._known_tag(rule)
        self.rule_store.replace(rule)
        if rule.condition != before.condition:
            self._close([s for s in self.state_store.active(rule.domain) if s.rule_id == rule_id])
        return rule

    def _close(self, states: list[AlertState]) -> None:
        result = close(states, self.clock())
        for event in result.events:
            self.event_store.append(event)
        for state in result.delete:
            self.state_store.delete(state)
        if self.on_open_alerts is not None:
            for domain in {s.domain for s in states}:
                self.on_open_alerts(domain, len(self.state_store.active(domain)))

    def set_enabled(self, domain: str, rule_id: str, enabled: bool) -> Rule:
        rule = replace(self.get_rule(domain, rule_id), enabled=enabled)
        self.rule_store.replace(rule)
        return rule

    def delete_rule(self, domain: str, rule_id: str) -> None:
        """Active alerts of the rule are closed (history only) at the next evaluation."""
        if not self.rule_store.delete(self._domain(domain), rule_id):
            raise RuleNotFound(rule_id)

    def active_alerts(self, domain: str) -> list[AlertState]:
        return sorted(self.state_store.active(self._domain(domain)), key=lambda s: (s.since, s.rule_id, s.subject))

    def history(self, domain: str, limit: int, token: str | None = None) -> Page[AlertEvent]:
        return self.event_store.page(self._domain(domain), limit, token)

    def digest(self, domain: str) -> DigestSubscription:
        return self.rule_store.digest(self._domain(domain))

    def set_digest(self, domain: str, enabled: Any) -> DigestSubscription:
        name = self._domain(domain)
        if not isinstance(enabled, bool):
            raise RuleError("invalid_boolean", "enabled")
        subscription = replace(self.rule_store.digest(name), enabled=enabled)
        self.rule_store.set_digest(subscription)
        return subscription

    def notifications(self, limit: int, token: str | None = None, scope: Scope | None = None) -> Page[SentNotification]:
        """A page of sent notifications; with a scope, only those sent to the caller's organizations (by the
        organization recorded when sent, not the domain's owner now; services.listing: full pages)."""
        log = self.sent_log
        if log is None:
            return Page((), None)
        keep = None if scope is None or scope.everything else (lambda sent: scope.principal.sees(sent.org))
        return scoped_page(lambda batch: log.rows(token, batch), limit, keep)
