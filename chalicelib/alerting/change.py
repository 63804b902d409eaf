"""Material change of an active alert: what makes a "changed" message rather than silence until the next
reminder. New subjects (a new unregistered source appears while a new-source alert is active), or the rule's
figure crossing a further doubling step above its threshold (x2, x4, ...: e.g. spoofing from 11 to 20 against
a threshold of 10)."""
from __future__ import annotations

import math
from collections.abc import Mapping

from chalicelib.alerting.inputs import Value
from chalicelib.alerting.rules import RuleKind

K = RuleKind
FIGURE: dict[RuleKind, tuple[str, str]] = {  # kind -> (figure, its threshold)
    K.FAIL_RATE: ("fail_pct", "threshold_pct"),
    K.FAIL_COUNT: ("dmarc_fail", "threshold"),
    K.SPOOFING: ("spoofing", "threshold"),
    K.TAG_FAIL_RATE: ("fail_pct", "threshold_pct"),
    K.VOLUME_CHANGE: ("change_pct", "threshold_pct"),
    K.TLS_FAILURE: ("tls_fail_pct", "threshold_pct"),
}
TOP_COMPLETE = 5  # top_sources lists every source up to this many (evaluate.TOP)


def step_of(value: float, threshold: float) -> int:
    """0 just above the threshold, 1 from twice it, 2 from four times, ...; -1 at or below it."""
    base = threshold if threshold > 0 else 1.0
    if value <= threshold or value < base:
        return -1
    return math.floor(math.log2(value / base))


def material(kind: RuleKind, before: Mapping[str, Value], now: Mapping[str, Value]) -> bool:
    if kind is K.NEW_SOURCE:
        return _new_subjects(before, now)
    if kind not in FIGURE:
        return False
    figure, threshold = FIGURE[kind]
    old, new, limit = before.get(figure), now.get(figure), now.get(threshold)
    if not all(isinstance(v, int | float) for v in (old, new, limit)):
        return False
    return step_of(abs(float(new)), float(limit)) > step_of(abs(float(old)), float(limit))  # type: ignore[arg-type]


def _new_subjects(before: Mapping[str, Value], now: Mapping[str, Value]) -> bool:
    old, new = before.get("new_sources"), now.get("new_sources")
    if isinstance(old, int) and isinstance(new, int) and new > old:
        return True
    if isinstance(new, int) and new <= TOP_COMPLETE:  # the lists are complete: compare the sources themselves
        return bool(_ips(now.get("top_sources")) - _ips(before.get("top_sources")))
    return False


def _ips(top: Value | None) -> set[str]:
    """"203.0.113.1 (50), 198.51.100.2 (7)" -> the addresses."""
    if not isinstance(top, str) or top == "-":
        return set()
    return {item.rsplit(" (", 1)[0].strip() for item in top.split(", ")}
