"""Alert rule management (the API's use cases): create, list, update, delete, enable/disable rules of a domain;
active alerts, history, digest opt-in and the log of sent notifications."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from chalicelib.alerting.codec import merge, rule_from_dict
from chalicelib.alerting.rules import Rule
from chalicelib.alerting.state import AlertEvent, AlertState
from chalicelib.errors import RuleError, RuleNotFound, UnknownDomain
from chalicelib.ports.alerts import (
    AlertHistory,
    AlertRules,
    AlertStates,
    DigestSubscription,
    NotificationLog,
    SentNotification,
)
from chalicelib.ports.ingest import Domains, Page

MAX_RULES_PER_DOMAIN = 50


class AlertRuleService:
    def __init__(self, rules: AlertRules, states: AlertStates, history: AlertHistory, log: NotificationLog | None,
                 domains: Domains, new_id: Callable[[], str] = lambda: secrets.token_hex(6)) -> None:
        self.rule_store, self.state_store, self.event_store, self.sent_log = rules, states, history, log
        self.domains, self.new_id = domains, new_id

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
        rule = rule_from_dict(name, self.new_id(), body)
        if len(self.rule_store.list(name)) >= MAX_RULES_PER_DOMAIN:
            raise RuleError("too_many_rules", "id", max=MAX_RULES_PER_DOMAIN)
        self.rule_store.create(rule)
        return rule

    def update_rule(self, domain: str, rule_id: str, changes: Any) -> Rule:
        rule = merge(self.get_rule(domain, rule_id), changes)
        self.rule_store.replace(rule)
        return rule

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

    def notifications(self, limit: int, token: str | None = None) -> Page[SentNotification]:
        if self.sent_log is None:
            return Page((), None)
        return self.sent_log.page(limit, token)
