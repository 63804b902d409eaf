"""The weekly digest of a domain: the last complete week (Monday..Sunday, UTC) against the week before:
messages, DMARC pass rate and its change, top failing tags and patterns, top unregistered sources, and what to
do next (each step in Japanese and English)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from chalicelib.alerting.inputs import Window
from chalicelib.analysis.advice import advice_for
from chalicelib.analysis.common import TagSource, pct
from chalicelib.analysis.facts import Fact
from chalicelib.analysis.patterns import pattern_analysis
from chalicelib.analysis.readiness import READY, readiness_from_tags
from chalicelib.analysis.spoofing import spoofing
from chalicelib.analysis.tags import tag_analysis

TOP = 5
DROP_PP = 2.0  # a pass-rate fall worth a next step, in percentage points


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    messages: int
    dmarc_fail: int
    fail_pct: float  # of the row's own messages (tags, sources) or of all messages (patterns)


@dataclass(frozen=True, slots=True)
class Digest:
    domain: str
    week: Window
    messages: int
    pass_pct: float
    previous_messages: int
    previous_pass_pct: float | None  # None: no messages the week before
    failing_tags: tuple[Row, ...]
    patterns: tuple[Row, ...]  # name: "1".."4"
    unregistered: tuple[Row, ...]  # name: source IP
    next_steps: tuple[tuple[str, str], ...]  # (ja, en)

    @property
    def pass_change_pp(self) -> float | None:
        if self.previous_pass_pct is None or not self.messages:
            return None  # no rate to compare this week: "-", not a fall to 0%
        return round(self.pass_pct - self.previous_pass_pct, 2)


def digest_week(today: date) -> Window:
    """The last complete Monday..Sunday before ``today``."""
    end = today - timedelta(days=today.weekday() + 1)
    return Window(end - timedelta(days=6), end)


def previous(week: Window) -> Window:
    return Window(week.start - timedelta(days=7), week.end - timedelta(days=7))


def build_digest(domain: str, week: Window, facts: Sequence[Fact], tags: TagSource,
                 registered: date | None = None) -> Digest:
    """``facts`` cover at least the week and the week before; ``registered``: when the domain was added."""
    before_week = previous(week)
    this = [f for f in facts if f.day in week]
    before = [f for f in facts if f.day in before_week]
    patterns = pattern_analysis(this, tags)
    prev = pattern_analysis(before, tags)
    by_tag = tag_analysis(this, tags)
    spoof = spoofing(this, tags, limit=TOP, failing_only=True)
    tag_rows = [r for r in by_tag.rows if r.tag is not None and r.dmarc_fail]
    tag_rows.sort(key=lambda r: (-r.dmarc_fail, str(r.tag)))
    digest = Digest(
        domain=domain, week=week, messages=patterns.messages, pass_pct=patterns.dmarc_pass_pct,
        previous_messages=prev.messages, previous_pass_pct=prev.dmarc_pass_pct if prev.messages else None,
        failing_tags=tuple(Row(str(r.tag), r.messages, r.dmarc_fail, pct(r.dmarc_fail, r.messages))
                           for r in tag_rows[:TOP]),
        patterns=tuple(Row(str(int(r.pattern)), r.messages, r.messages, r.pct)
                       for r in sorted(patterns.rows, key=lambda r: -r.messages) if r.messages),
        unregistered=tuple(Row(s.source_ip, s.messages, s.dmarc_fail, pct(s.dmarc_fail, s.messages))
                           for s in spoof.items),
        next_steps=(),
    )
    main_pattern = {str(r.tag): _main(r.patterns) for r in tag_rows}
    ready = readiness_from_tags(by_tag).verdict == READY
    if not digest.messages and registered is not None and registered > week.start:
        return replace(digest, next_steps=(_new_domain(registered),))
    return replace(digest, next_steps=_next_steps(digest, main_pattern, ready))


def _new_domain(registered: date) -> tuple[str, str]:
    day = registered.isoformat()
    return (f"{day} に登録したばかりのため、まだ1週間分のレポートがありません。"
            "次回のダイジェストからデータが載ります。",
            f"Registered on {day}: there is no full week of reports yet; the next digests will have the data.")


def _main(patterns: tuple[int, int, int, int]) -> int:
    return max(range(4), key=lambda i: patterns[i]) + 1


def _next_steps(d: Digest, main_pattern: dict[str, int], ready: bool) -> tuple[tuple[str, str], ...]:
    steps: list[tuple[str, str]] = []
    if not d.messages:
        return (("今週はレポートがありません。DMARC レコードの rua アドレスを確認してください。",
                 "No reports this week: check the rua address of your DMARC record."),)
    for row in d.failing_tags[:2]:
        advice = advice_for(main_pattern[row.name])
        steps.append((f"タグ {row.name} の DMARC 失敗 {row.dmarc_fail:,} 通: {advice.ja.title}。"
                      "パターン画面の対処手順を確認してください。",
                      f"Tag {row.name} has {row.dmarc_fail:,} DMARC-failing messages: {advice.en.title}. "
                      "See the fix steps in the patterns view."))
    if d.unregistered:
        steps.append(("未登録の送信元を確認し、自社の送信元ならタグを付けて登録してください。残りはなりすましの可能性があります。",
                      "Review the top unregistered sources: register the ones that are yours with a tag; "
                      "the rest are possible spoofing."))
    change = d.pass_change_pp
    if change is not None and change <= -DROP_PP:
        steps.append((f"合格率が前週より {-change:.1f} ポイント下がりました。"
                      "新しい送信元や設定変更を確認してください。",
                      f"The pass rate fell {-change:.1f} points from last week: look for new senders or "
                      "configuration changes."))
    if ready:
        steps.append(("登録済みの送信元はすべて DMARC に合格しています。ポリシーを p=quarantine / p=reject に"
                      "進めることを検討してください。",
                      "Your registered senders all pass DMARC: consider moving the policy to p=quarantine / "
                      "p=reject."))
    return tuple(steps)
