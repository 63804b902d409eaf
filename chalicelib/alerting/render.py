"""Alert messages: one text holding the Japanese section, then the English one. Each has a subject, the rule,
the window, the figures and a link to the UI view of the window. ``Message.subject`` is the English subject
(SNS subjects are one line under 100 characters); the Japanese subject opens the body."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.alerting import texts
from chalicelib.alerting.codec import rule_to_dict
from chalicelib.alerting.inputs import DOMAIN, Value
from chalicelib.alerting.links import ui_link
from chalicelib.alerting.rules import Rule, RuleKind
from chalicelib.alerting.state import AlertEvent, EventKind

LANGS = ("ja", "en")
SEPARATOR = "\n" + "-" * 60 + "\n\n"
MAX_SUBJECT = 99
SILENCE_LINK_DAYS = 7


@dataclass(frozen=True, slots=True)
class Message:
    domain: str
    category: str  # "alert" | "digest"
    event: str  # an EventKind value, or "digest"
    subject: str  # English, one line, < 100 characters
    subject_ja: str
    body: str


def fmt(key: str, value: Value | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if key == "change_pct":
        return f"{value:+,.1f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def one_line(text: str, limit: int = MAX_SUBJECT) -> str:
    """One line of at most ``limit`` characters, cut at a space when there is one (never mid-word or mid-date)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 3]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.rstrip(" ,:;(") + "..."


def _params(values: dict[str, Any]) -> dict[str, Any]:
    """Formatted values, plus ``<name>_unit`` ("day" / "days") for every whole number, for English plurals."""
    params: dict[str, Any] = {k: fmt(k, v) if not isinstance(v, float) else f"{v:g}" for k, v in values.items()}
    for k, v in values.items():
        if isinstance(v, int) and not isinstance(v, bool):
            params[f"{k}_unit"] = "day" if v == 1 else "days"
    return params


def headline(kind: RuleKind, subject: str, values: dict[str, Value], lang: int,
             event: EventKind = EventKind.FIRED) -> str:
    if kind is RuleKind.SILENCE:
        reporter = subject != DOMAIN
        if event is EventKind.RESOLVED:
            template = texts.REPORTER_RESOLVED if reporter else texts.SILENCE_RESOLVED
        else:
            template = texts.REPORTER_HEADLINE if reporter else texts.HEADLINE[kind]
    else:
        template = texts.HEADLINE[kind]
    params = _params(values)
    params.update({k: fmt(k, v) for k, v in values.items()})
    return template[lang].format(**params)


def describe(rule: Rule, lang: int) -> str:
    params = _params(rule_to_dict(rule))
    params["direction"] = texts.DIRECTION.get(str(params.get("direction", "both")), ("", ""))[lang]
    return texts.RULE[rule.kind][lang].format(**params)


def _link_days(event: AlertEvent) -> tuple[date, date]:
    """The days the link opens: the evaluated window; for silence, the last days that had reports."""
    last = event.value("last_report")
    if event.rule_kind is RuleKind.SILENCE and isinstance(last, str) and last != "-":
        end = date.fromisoformat(last)
        return end - timedelta(days=SILENCE_LINK_DAYS - 1), end
    return event.window.start, event.window.end


def render_event(event: AlertEvent, rule: Rule | None, ui_base: str) -> Message:
    values = dict(event.values)
    sections, subjects = [], []
    for i, lang in enumerate(LANGS):
        label = {k: v[i] for k, v in texts.LABEL.items()}
        prefix = "【Aligned】" if lang == "ja" else "[Aligned] "
        subject = (f"{prefix}{texts.EVENT[event.kind][i]} {event.domain}: "
                   f"{headline(event.rule_kind, event.subject, values, i, event.kind)}")
        subjects.append(subject)
        lines = [subject, ""]
        if event.kind is EventKind.RESOLVED:
            lines += [label["resolved_note"], ""]
        elif event.kind is EventKind.REMINDER:
            lines += [label["reminder_note"], ""]
        elif event.kind is EventKind.CHANGED:
            lines += [label["changed_note"], ""]
        rule_text = describe(rule, i) if rule else event.rule_kind.value
        lines.append(f"{label['rule']}: {event.rule_name} / {rule_text}")
        pending = f" ({label['pending']})" if event.window.end < event.at.date() - timedelta(days=1) else ""
        lines.append(f"{label['window']}: {event.window.start.isoformat()} .. {event.window.end.isoformat()} "
                     f"(UTC){pending}")
        lines.append(f"{label['fired']}: {_time(event.since)}")
        lines.append(f"{label['figures']}:")
        for key, value in event.values:
            name = texts.FIGURE.get(key, (key, key))[i]
            unit = "%" if key.endswith("_pct") else ""
            lines.append(f"  - {name}: {fmt(key, value)}{unit}")
        tag = values.get("tag")
        start, end = _link_days(event)
        link = ui_link(ui_base, event.domain, start, end, lang, event.view, tag if isinstance(tag, str) else None)
        shows = f" ({label['last_active']})" if link and (start, end) != (event.window.start, event.window.end) else ""
        lines.append(f"{label['link']}: {link or label['no_link']}{shows}")
        sections.append("\n".join(lines) + "\n")
    return Message(event.domain, "alert", event.kind.value, one_line(subjects[1]), one_line(subjects[0]),
                   SEPARATOR.join(sections))


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
