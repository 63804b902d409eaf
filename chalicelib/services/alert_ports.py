"""Moved to chalicelib.ports.alerts; kept for the chalicelib.api modules that still import it from here."""
from chalicelib.ports.alerts import RuleConflict, RuleNotFound, SentNotification

__all__ = ["RuleConflict", "RuleNotFound", "SentNotification"]
