"""axe-core (npm, run in the page) on every view in both languages, desktop and phone: no serious or critical
violation. Plus what axe cannot judge alone: keyboard focus is visible, sortable headers carry aria-sort, the
chart is described by its note and OK/NG is written, not only coloured."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import open_view, view_url

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWS = ["overview", "patterns", "tags", "spoofing", "senders", "readiness", "registry", "alerts", "failures",
         "held", "domains"]
RESULTS = Path(__file__).resolve().parents[1] / "artifacts" / "axe.json"


def _axe(page: Any) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const out = await axe.run(document, { resultTypes: ["violations"] });
        return out.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    }""")


@pytest.fixture(scope="module")
def axe_results(browser, stack) -> dict[str, list[dict]]:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci)")
    results: dict[str, list[dict]] = {}
    for width, device in ((1280, "desktop"), (390, "phone")):
        # the page's CSP allows only its own scripts: axe is injected with CSP bypassed for this context only
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US", bypass_csp=True)
        page = context.new_page()
        for lang in ("en", "ja"):
            for view in VIEWS:
                page.goto(view_url(stack.web_url, view, lang))
                page.wait_for_selector(f'[data-loaded="{view}"]')
                page.wait_for_timeout(300)
                results[f"{view}-{lang}-{device}"] = _axe(page)
        context.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return results


def test_axe_finds_no_serious_or_critical_violation_on_any_view(axe_results) -> None:
    assert len(axe_results) == len(VIEWS) * 2 * 2
    bad = {page: [v for v in found if v["impact"] in ("serious", "critical")] for page, found in axe_results.items()}
    bad = {page: found for page, found in bad.items() if found}
    assert bad == {}, json.dumps(bad, indent=1, ensure_ascii=False)


def test_every_region_has_its_own_name_on_every_view(axe_results) -> None:
    """Moderate, but it decides whether a screen-reader user can tell two tables apart (the what-if tables on the
    readiness page once shared their Japanese names with the per-tag table)."""
    same = {page: v["nodes"] for page, found in axe_results.items() for v in found if v["id"] == "landmark-unique"}
    assert same == {}, json.dumps(same, indent=1, ensure_ascii=False)

def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(page, stack) -> None:
    open_view(page, stack.web_url, "tags")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        # a date input's own calendar button takes focus inside the browser's shadow tree (the input itself
        # does not match :focus then); style.css rings that button, which getComputedStyle cannot see
        info = page.evaluate("""() => { const el = document.activeElement; const cs = getComputedStyle(el);
            return [el.tagName + (el.dataset.key ? ':' + el.dataset.key : ''),
                    cs.boxShadow !== 'none' || (cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px')
                    || (el.type === 'date' && !el.matches(':focus'))]; }""")
        assert info[1], f"{info[0]} has no visible focus"
        seen.add(info[0])
    assert {"SELECT", "INPUT", "A", "BUTTON:messages"} <= seen
    # a sort header is a button in a th with aria-sort; Enter sorts
    page.locator('th button.sort[data-key="messages"]').focus()
    page.keyboard.press("Enter")
    assert page.locator('th:has(button.sort[data-key="messages"])').get_attribute("aria-sort") == "descending"


def test_the_chart_is_described_and_ok_ng_is_written(page, stack) -> None:
    open_view(page, stack.web_url, "overview")
    canvas = page.locator("canvas")
    note = page.locator(f'#{canvas.get_attribute("aria-describedby")}')
    assert "table below the chart" in note.inner_text()
    open_view(page, stack.web_url, "patterns")
    flags = page.locator('table.patterns tbody tr[data-pattern="2"] td.flag .badge')
    marks = flags.evaluate_all("els => els.map((el) => getComputedStyle(el, '::before').content)")
    assert marks == ['"✗ "', '"✗ "', '"✓ "', '"✗ "']
