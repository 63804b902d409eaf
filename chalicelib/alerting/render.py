"""Alert messages: one text holding the Japanese section, then the English one. Each has a subject, the rule,
the window, the figures and a link to the UI view of the window. ``Message.subject`` is the English subject
(SNS subjects are one line under 100 characters); the Japanese subject opens the body."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def headline(kind: RuleKind, subject: str, values: dict[str, Value], lang: int) -> str:
    template = texts.REPORTER_HEADLINE if subject != DOMAIN and kind is RuleKind.SILENCE else texts.HEADLINE[kind]
    return template[lang].format(**{k: fmt(k, v) for k, v in values.items()})


def describe(rule: Rule, lang: int) -> str:
    params: dict[str, Any] = {k: fmt(k, v) if not isinstance(v, float) else f"{v:g}"
                              for k, v in rule_to_dict(rule).items()}
    params["direction"] = texts.DIRECTION.get(str(params.get("direction", "both")), ("", ""))[lang]
    return texts.RULE[rule.kind][lang].format(**params)


def render_event(event: AlertEvent, rule: Rule | None, ui_base: str) -> Message:
    values = dict(event.values)
    sections, subjects = [], []
    for i, lang in enumerate(LANGS):
        label = {k: v[i] for k, v in texts.LABEL.items()}
        prefix = "【Aligned】" if lang == "ja" else "[Aligned] "
        subject = (f"{prefix}{texts.EVENT[event.kind][i]} {event.domain}: "
                   f"{headline(event.rule_kind, event.subject, values, i)}")
        subjects.append(subject)
        lines = [subject, ""]
        if event.kind is EventKind.RESOLVED:
            lines += [label["resolved_note"], ""]
        elif event.kind is EventKind.REMINDER:
            lines += [label["reminder_note"], ""]
        rule_text = describe(rule, i) if rule else event.rule_kind.value
        lines.append(f"{label['rule']}: {event.rule_name} / {rule_text}")
        lines.append(f"{label['window']}: {event.window.start.isoformat()} .. {event.window.end.isoformat()} (UTC)")
        lines.append(f"{label['fired']}: {_time(event.since)}")
        lines.append(f"{label['figures']}:")
        for key, value in event.values:
            name = texts.FIGURE.get(key, (key, key))[i]
            unit = "%" if key.endswith("_pct") else ""
            lines.append(f"  - {name}: {fmt(key, value)}{unit}")
        tag = values.get("tag")
        link = ui_link(ui_base, event.domain, event.window.start, event.window.end, lang, event.view,
                       tag if isinstance(tag, str) else None)
        lines.append(f"{label['link']}: {link or label['no_link']}")
        sections.append("\n".join(lines) + "\n")
    return Message(event.domain, "alert", event.kind.value, one_line(subjects[1]), one_line(subjects[0]),
                   SEPARATOR.join(sections))


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
