"""What happens to a domain's own settings when it changes hands: when a domain another organization held (its
registration removed, or taken over by a proof or by the operator) becomes a new organization's, the settings the
previous organization made for it are deleted: its source-IP registry entries, alert rules, active alerts, alert
history and digest opt-in. They describe the previous organization's mail (its sending services, its thresholds,
its recipients' choices) and nobody may see them any more (what a caller sees follows the domain's current
organization), so keeping them would only leak them to the new owner. The notifications already sent stay in
the log under the organization they were sent to (SentNotification.org), and the stored reports stay with the
domain (the new owner sees them once it proves ownership, as for any domain). A domain no organization held
(registered before organizations existed) keeps its settings when the operator assigns it: that is the move
of the operator's own domains into organizations."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.ports.registry import RegistryStore

if TYPE_CHECKING:
    from chalicelib.services.alerts import AlertStores


@dataclass(frozen=True, slots=True)
class Forgotten:
    registry_entries: int
    rules: int  # rules and the digest opt-in
    active_alerts: int
    events: int


def changes_hands(previous: str | None, org: str | None) -> bool:
    """Whether a domain held by `previous` becoming `org`'s must forget the previous organization's settings."""
    return previous is not None and previous != org


class Handover:
    def __init__(self, registry: RegistryStore, alerts: AlertStores) -> None:
        self.registry, self.alerts = registry, alerts

    def forget(self, domain: str) -> Forgotten:
        """Deletes the domain's registry entries (a new registry version, so every summary is made again),
        alert rules, digest opt-in, active alerts (silently) and alert history. Idempotent."""
        entries = len(self.registry.snapshot(domain)[1])
        self.registry.edit(domain, lambda current: {})
        return Forgotten(entries, self.alerts.rules.forget(domain), self.alerts.states.forget(domain),
                         self.alerts.history.forget(domain))
