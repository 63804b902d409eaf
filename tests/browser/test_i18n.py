"""Every user-visible string exists in Japanese and English: both dictionaries have the same keys, no value is
empty, every key the code uses (t("...")) is defined, and placeholders match between the two languages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import webtext

WEB = Path(__file__).resolve().parents[2] / "web"
DYNAMIC = ("view.", "policy.", "disposition.", "alerts.kind.", "alerts.field.", "alerts.direction.",
           "alerts.event.", "failures.kind.", "readiness.verdict.", "readiness.verdict_hint.", "error.",
           "alerts.value.", "failures.reason.", "domains.note.", "held.reason.", "plan.stage.", "plan.source.",
           "plan.verdict.", "plan.criterion.", "whatif.field.", "whatif.col.", "whatif.by.")


@pytest.fixture(scope="module")
def dictionaries() -> dict[str, dict[str, str]]:
    return webtext.dictionaries()


def test_both_languages_have_the_same_keys(dictionaries) -> None:
    en, ja = dictionaries["en"], dictionaries["ja"]
    assert sorted(set(en) - set(ja)) == [], "keys missing in ja.js"
    assert sorted(set(ja) - set(en)) == [], "keys missing in en.js"
    assert [k for k, v in {**en, **ja}.items() if not v.strip()] == []


def test_placeholders_match(dictionaries) -> None:
    en, ja = dictionaries["en"], dictionaries["ja"]
    names = lambda s: sorted(re.findall(r"\{(\w+)\}", s))  # noqa: E731
    assert [k for k in en if names(en[k]) != names(ja[k])] == []


def test_every_key_used_in_the_code_is_defined(dictionaries) -> None:
    used = set()
    for path in (WEB / "src").rglob("*.js"):
        used |= set(re.findall(r'\bt\("([a-z0-9_.]+)"', path.read_text()))
    assert sorted(used - set(dictionaries["en"])) == []
    counted = set()  # tn("key", count): the plural forms key.one / key.other
    for path in (WEB / "src").rglob("*.js"):
        counted |= set(re.findall(r'\btn\("([a-z0-9_.]+)"', path.read_text()))
    en = dictionaries["en"]
    assert counted and sorted(k for k in counted if f"{k}.other" not in en and k not in en) == []
    for prefix in DYNAMIC:  # keys built at run time (t(`view.${name}`)) have their family present
        assert any(k.startswith(prefix) for k in dictionaries["en"]), prefix


def test_no_html_sinks_in_the_ui_code() -> None:
    """Report fields are attacker-controlled: the UI builds DOM only through text nodes (web/src/dom.js)."""
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    found = [f"{p.relative_to(WEB)}:{n}" for p in (WEB / "src").rglob("*.js")
             for n, line in enumerate(p.read_text().splitlines(), 1) if sinks.search(line) and "sinks" not in line]
    assert found == []
