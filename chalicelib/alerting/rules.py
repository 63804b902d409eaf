"""Alert rule types. A Rule is the identity and switch (domain, id, name, enabled, cooldown); its condition is
one of the frozen dataclasses below, each validating itself and raising RuleError naming the offending field.

Windows are the last ``days`` UTC days ending on the domain's last complete day: aggregate reports cover whole
UTC days and arrive 6 to 36 hours after them (alerting.completeness, docs/ALERT_TIMING.md)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from chalicelib.errors import RuleError

MAX_DAYS = 90
MAX_HISTORY_DAYS = 180
MAX_NAME = 100
MAX_TAG = 64
MAX_COOLDOWN_HOURS = 24 * 90


class RuleKind(StrEnum):
    FAIL_RATE = "fail_rate"
    FAIL_COUNT = "fail_count"
    SPOOFING = "spoofing"
    NEW_SOURCE = "new_source"
    TAG_FAIL_RATE = "tag_fail_rate"
    SILENCE = "silence"
    VOLUME_CHANGE = "volume_change"
    NEW_SELECTOR = "new_selector"
    SELECTOR_SILENT = "selector_silent"
    TLS_FAILURE = "tls_failure"
    DNS_CHANGED = "dns_changed"
    DNS_FINDING = "dns_finding"
    POLICY_DRIFT = "policy_drift"


class Direction(StrEnum):
    BOTH = "both"
    UP = "up"
    DOWN = "down"


def _int(field: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError("invalid_integer", field, min=low, max=high)
    if not low <= value <= high:
        raise RuleError("invalid_integer", field, min=low, max=high)


def _pct(field: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise RuleError("invalid_number", field, min=low, max=high)
    if not low <= value <= high:
        raise RuleError("invalid_number", field, min=low, max=high)


@dataclass(frozen=True, slots=True)
class FailRate:
    """DMARC-failing share of all messages above ``threshold_pct`` over the window (with enough messages)."""
    kind: ClassVar[RuleKind] = RuleKind.FAIL_RATE
    threshold_pct: float
    days: int = 7
    min_messages: int = 100

    def __post_init__(self) -> None:
        _pct("threshold_pct", self.threshold_pct, 0, 99.99)
        _int("days", self.days, 1, MAX_DAYS)
        _int("min_messages", self.min_messages, 1, 10**9)


@dataclass(frozen=True, slots=True)
class FailCount:
    """More than ``threshold`` DMARC-failing messages over the window."""
    kind: ClassVar[RuleKind] = RuleKind.FAIL_COUNT
    threshold: int
    days: int = 1

    def __post_init__(self) -> None:
        _int("threshold", self.threshold, 0, 10**12)
        _int("days", self.days, 1, MAX_DAYS)


@dataclass(frozen=True, slots=True)
class Spoofing:
    """More than ``threshold`` possible-spoofing messages (DMARC-failing, from unregistered sources)."""
    kind: ClassVar[RuleKind] = RuleKind.SPOOFING
    threshold: int
    days: int = 7

    def __post_init__(self) -> None:
        _int("threshold", self.threshold, 0, 10**12)
        _int("days", self.days, 1, MAX_DAYS)


@dataclass(frozen=True, slots=True)
class NewSource:
    """An unregistered source IP, unseen in the ``lookback_days`` before the window, sent more than
    ``threshold`` messages (passing or not) within it."""
    kind: ClassVar[RuleKind] = RuleKind.NEW_SOURCE
    threshold: int
    days: int = 7
    lookback_days: int = 30

    def __post_init__(self) -> None:
        _int("threshold", self.threshold, 0, 10**12)
        _int("days", self.days, 1, MAX_DAYS)
        _int("lookback_days", self.lookback_days, 1, MAX_HISTORY_DAYS)


@dataclass(frozen=True, slots=True)
class TagFailRate:
    """DMARC fail rate of the registry tag ``tag`` above ``threshold_pct`` over the window."""
    kind: ClassVar[RuleKind] = RuleKind.TAG_FAIL_RATE
    tag: str
    threshold_pct: float
    days: int = 7
    min_messages: int = 20

    def __post_init__(self) -> None:
        if not isinstance(self.tag, str) or not self.tag.strip():
            raise RuleError("required", "tag")
        if self.tag != self.tag.strip():
            raise RuleError("surrounding_spaces", "tag")
        if len(self.tag) > MAX_TAG:
            raise RuleError("too_long", "tag", max=MAX_TAG)
        if _has_control(self.tag):
            raise RuleError("control_characters", "tag")
        _pct("threshold_pct", self.threshold_pct, 0, 99.99)
        _int("days", self.days, 1, MAX_DAYS)
        _int("min_messages", self.min_messages, 1, 10**9)


@dataclass(frozen=True, slots=True)
class Silence:
    """No report covering any of the last ``days`` days; with ``reporters``, also each reporter that used to
    report (on ``min_reports`` days or more of the last ``history_days``, usually more often than every
    ``days`` days) and has now been silent for ``days`` days."""
    kind: ClassVar[RuleKind] = RuleKind.SILENCE
    days: int = 2
    reporters: bool = True
    history_days: int = 30
    min_reports: int = 3

    def __post_init__(self) -> None:
        _int("days", self.days, 1, MAX_DAYS)
        if not isinstance(self.reporters, bool):
            raise RuleError("invalid_boolean", "reporters")
        _int("history_days", self.history_days, 2, MAX_HISTORY_DAYS)
        if self.history_days <= self.days:
            raise RuleError("history_too_short", "history_days")
        _int("min_reports", self.min_reports, 1, MAX_HISTORY_DAYS)


@dataclass(frozen=True, slots=True)
class VolumeChange:
    """Average daily volume of the window against the ``baseline_days`` before it, beyond +/-``change_pct``."""
    kind: ClassVar[RuleKind] = RuleKind.VOLUME_CHANGE
    change_pct: float
    days: int = 7
    baseline_days: int = 28
    direction: Direction = Direction.BOTH
    min_baseline_messages: int = 100

    def __post_init__(self) -> None:
        _pct("change_pct", self.change_pct, 1, 10000)
        _int("days", self.days, 1, MAX_DAYS)
        _int("baseline_days", self.baseline_days, 1, MAX_HISTORY_DAYS)
        if self.direction not in tuple(Direction):
            raise RuleError("invalid_choice", "direction", allowed=[d.value for d in Direction])
        _int("min_baseline_messages", self.min_baseline_messages, 1, 10**9)


@dataclass(frozen=True, slots=True)
class NewSelector:
    """A DKIM (d=, selector) of the domain's own (d= in the header From's organizational domain), unseen in the
    ``lookback_days`` before the window, signed more than ``threshold`` messages within it."""
    kind: ClassVar[RuleKind] = RuleKind.NEW_SELECTOR
    threshold: int = 0
    days: int = 7
    lookback_days: int = 30

    def __post_init__(self) -> None:
        _int("threshold", self.threshold, 0, 10**12)
        _int("days", self.days, 1, MAX_DAYS)
        _int("lookback_days", self.lookback_days, 1, MAX_HISTORY_DAYS)


@dataclass(frozen=True, slots=True)
class SelectorSilent:
    """A DKIM selector of the domain's own in use (seen on ``min_days`` days or more of the ``history_days``
    before the window) signed nothing in the window, while the domain's mail was reported in it."""
    kind: ClassVar[RuleKind] = RuleKind.SELECTOR_SILENT
    days: int = 7
    history_days: int = 30
    min_days: int = 3

    def __post_init__(self) -> None:
        _int("days", self.days, 1, MAX_DAYS)
        _int("history_days", self.history_days, 1, MAX_HISTORY_DAYS)
        _int("min_days", self.min_days, 1, MAX_HISTORY_DAYS)
        if self.min_days > self.history_days:
            raise RuleError("invalid_integer", "min_days", min=1, max=self.history_days)


@dataclass(frozen=True, slots=True)
class TlsFailureRule:
    """SMTP TLS: failed sessions above ``threshold_pct`` of all (with ``min_sessions``+), or more than
    ``threshold`` failed sessions when a count is given, over the window."""
    kind: ClassVar[RuleKind] = RuleKind.TLS_FAILURE
    threshold_pct: float = 5.0
    threshold: int | None = None
    days: int = 7
    min_sessions: int = 20

    def __post_init__(self) -> None:
        _pct("threshold_pct", self.threshold_pct, 0, 99.99)
        if self.threshold is not None:
            _int("threshold", self.threshold, 0, 10**12)
        _int("days", self.days, 1, MAX_DAYS)
        _int("min_sessions", self.min_sessions, 1, 10**9)


@dataclass(frozen=True, slots=True)
class DnsChanged:
    """A DNS record the posture check reads (DMARC, SPF, DKIM, MTA-STS, TLS-RPT, BIMI) changed in the last
    ``days`` days."""
    kind: ClassVar[RuleKind] = RuleKind.DNS_CHANGED
    days: int = 1

    def __post_init__(self) -> None:
        _int("days", self.days, 1, MAX_DAYS)


SEVERITIES = ("info", "low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class DnsFinding:
    """The latest DNS posture check has a finding of ``min_severity`` or worse."""
    kind: ClassVar[RuleKind] = RuleKind.DNS_FINDING
    min_severity: str = "high"

    def __post_init__(self) -> None:
        if self.min_severity not in SEVERITIES:
            raise RuleError("invalid_choice", "min_severity", allowed=list(SEVERITIES))


@dataclass(frozen=True, slots=True)
class PolicyDriftRule:
    """Over the last ``days`` days, a reporter saw a DMARC policy other than the latest published one on
    ``min_days`` days or more (chalicelib.analysis.drift)."""
    kind: ClassVar[RuleKind] = RuleKind.POLICY_DRIFT
    days: int = 7
    min_days: int = 2

    def __post_init__(self) -> None:
        _int("days", self.days, 2, MAX_DAYS)
        _int("min_days", self.min_days, 2, self.days if isinstance(self.days, int) else MAX_DAYS)


Condition = (FailRate | FailCount | Spoofing | NewSource | TagFailRate | Silence | VolumeChange | NewSelector
             | SelectorSilent | TlsFailureRule | DnsChanged | DnsFinding | PolicyDriftRule)
CONDITIONS: dict[RuleKind, type[Condition]] = {
    c.kind: c for c in (FailRate, FailCount, Spoofing, NewSource, TagFailRate, Silence, VolumeChange, NewSelector,
                        SelectorSilent, TlsFailureRule, DnsChanged, DnsFinding, PolicyDriftRule)
}


@dataclass(frozen=True, slots=True)
class Rule:
    domain: str
    rule_id: str
    name: str
    condition: Condition
    enabled: bool = True
    cooldown_hours: int | None = None  # reminder interval while active; None: the deployment default; 0: never

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise RuleError("required", "name")
        if len(self.name) > MAX_NAME:
            raise RuleError("too_long", "name", max=MAX_NAME)
        if _has_control(self.name):
            raise RuleError("control_characters", "name")
        if not isinstance(self.enabled, bool):
            raise RuleError("invalid_boolean", "enabled")
        if self.cooldown_hours is not None:
            _int("cooldown_hours", self.cooldown_hours, 0, MAX_COOLDOWN_HOURS)
        if not isinstance(self.condition, tuple(CONDITIONS.values())):
            raise RuleError("invalid_choice", "kind", allowed=[k.value for k in RuleKind])

    @property
    def kind(self) -> RuleKind:
        return self.condition.kind


def fact_span(condition: Condition) -> int:
    """How many days of facts, ending on the last complete day, the condition reads (0: none)."""
    if isinstance(condition, NewSource):
        return condition.days + condition.lookback_days
    if isinstance(condition, VolumeChange):
        return condition.days + condition.baseline_days
    if isinstance(condition, NewSelector):
        return condition.days + condition.lookback_days
    if isinstance(condition, SelectorSilent):
        return condition.days + condition.history_days
    if isinstance(condition, Silence | TlsFailureRule | DnsChanged | DnsFinding | PolicyDriftRule):
        return 0  # read from the TLS reports, posture checks and reported policies, not the facts
    return condition.days


def needs_tags(condition: Condition) -> bool:
    return isinstance(condition, Spoofing | NewSource | TagFailRate)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)
