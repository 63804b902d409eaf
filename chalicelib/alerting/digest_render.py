"""The weekly digest as a message: Japanese section, then English; links to the UI overview of the week."""
from __future__ import annotations

from chalicelib.alerting.digest import Digest, Row
from chalicelib.alerting.links import ui_link
from chalicelib.alerting.render import LANGS, SEPARATOR, Message, fmt, one_line
from chalicelib.analysis.advice import advice_for

T = {
    "title": ("【Aligned】週次ダイジェスト {domain}: {start} .. {end}",
              "[Aligned] Weekly digest {domain}: {start} .. {end}"),
    "messages": ("メッセージ数: {messages}（前週 {previous}）", "Messages: {messages} (week before: {previous})"),
    "pass": ("DMARC 合格率: {pass_pct}（前週比 {change}）", "DMARC pass rate: {pass_pct} (change: {change})"),
    "points": ("{value} ポイント", "{value} points"),
    "tags": ("失敗の多いタグ", "Top failing tags"),
    "patterns": ("失敗パターン", "Failure patterns"),
    "sources": ("未登録の送信元（DMARC 失敗あり）", "Top unregistered sources (with DMARC failures)"),
    "next": ("次にすること", "What to do next"),
    "none": ("なし", "none"),
    "link": ("詳細", "Details"),
    "row": ("{name}: {dmarc_fail} / {messages} 通失敗（{fail_pct}%）", "{name}: {dmarc_fail} of {messages} failing "
                                                                   "({fail_pct}%)"),
    "pattern_row": ("パターン {name}「{title}」: {messages} 通（全体の {fail_pct}%）",
                    "pattern {name} \"{title}\": {messages} messages ({fail_pct}% of all)"),
}


def render_digest(d: Digest, ui_base: str) -> Message:
    sections, subjects = [], []
    for i, lang in enumerate(LANGS):
        title = T["title"][i].format(domain=d.domain, start=d.week.start.isoformat(), end=d.week.end.isoformat())
        subjects.append(title)
        change = "-" if d.pass_change_pp is None else T["points"][i].format(value=fmt("change_pct", d.pass_change_pp))
        lines = [title, "",
                 T["messages"][i].format(messages=fmt("n", d.messages), previous=fmt("n", d.previous_messages)),
                 T["pass"][i].format(pass_pct=_pct(d), change=change), ""]
        lines += _block(T["tags"][i], [_row(r, i) for r in d.failing_tags], i)
        lines += _block(T["patterns"][i], [T["pattern_row"][i].format(
            name=r.name, title=advice_for(int(r.name)).text(lang).title, messages=fmt("n", r.messages),
            fail_pct=fmt("pct", r.fail_pct)) for r in d.patterns], i)
        lines += _block(T["sources"][i], [_row(r, i) for r in d.unregistered], i)
        lines += _block(T["next"][i], [step[i] for step in d.next_steps], i)
        link = ui_link(ui_base, d.domain, d.week.start, d.week.end, lang, "overview")
        lines.append(f"{T['link'][i]}: {link or '-'}")
        sections.append("\n".join(lines) + "\n")
    return Message(d.domain, "digest", "digest", one_line(subjects[1]), one_line(subjects[0]),
                   SEPARATOR.join(sections))


def _pct(d: Digest) -> str:
    return fmt("pct", d.pass_pct) + "%" if d.messages else "-"


def _row(r: Row, lang: int) -> str:
    return T["row"][lang].format(name=r.name, dmarc_fail=fmt("n", r.dmarc_fail), messages=fmt("n", r.messages),
                                 fail_pct=fmt("pct", r.fail_pct))


def _block(title: str, rows: list[str], lang: int) -> list[str]:
    return [f"{title}:"] + [f"  - {r}" for r in rows or [T["none"][lang]]] + [""]
