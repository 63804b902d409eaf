"""Advice per DMARC failure pattern, in Japanese and English: likely cause, how to confirm, how to fix, and
a note on forwarders and mailing lists where they are a usual cause. The texts live in advice_ja / advice_en;
this module holds the shape and the look-up."""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.analysis.facts import Pattern

LANGUAGES = ("ja", "en")


@dataclass(frozen=True, slots=True)
class AdviceText:
    title: str
    cause: str
    confirm: tuple[str, ...]  # steps, in order
    fix: tuple[str, ...]  # steps, in order
    forwarders: str = ""  # "" when forwarding is not a usual cause of this pattern
    records_step: int | None = None  # the `confirm` step that opens the records behind the pattern (a link in the UI)


@dataclass(frozen=True, slots=True)
class Advice:
    pattern: Pattern
    ja: AdviceText
    en: AdviceText

    def text(self, lang: str) -> AdviceText:
        """The text in ``lang`` ("ja" or "en"); English for any other value."""
        return self.ja if lang == "ja" else self.en


def advice_for(pattern: Pattern | int) -> Advice:
    """Advice for failure pattern 1-4. Raises ValueError for PASS, UNKNOWN or a value that is no pattern."""
    from chalicelib.analysis.advice_en import EN
    from chalicelib.analysis.advice_ja import JA

    key = Pattern(pattern)
    if not key.is_failure:
        raise ValueError(f"no advice for {key.name}")
    return Advice(key, JA[key], EN[key])


def all_advice() -> tuple[Advice, ...]:
    return tuple(advice_for(p) for p in Pattern if p.is_failure)
