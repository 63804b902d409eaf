"""The findings of a first-day walkthrough (issue 17), each asserted as behaviour: dates the API would refuse are
refused in the page with the same words; deep links land on what they name; an unknown domain is named in the
selector; numbers are grouped and plurals agree; wide tables fit; tags never break mid-word; long ranges are
aggregated and days without reports are gaps; pattern titles equal the CSV's; no 404 for /config.json."""
from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from datetime import date, timedelta
from typing import Any

import pytest

from chalicelib.alerting.links import ui_link
from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view, view_url

pytestmark = pytest.mark.browser


def _api(stack: Any, name: str, frm: str, to: str, **extra: str) -> Any:
    query = "&".join(f"{k}={v}" for k, v in {"from": frm, "to": to, **extra}.items())
    return stack.api(f"/domains/{DEMO_DOMAIN}/{name}?{query}")


def _api_error(stack: Any, path: str) -> dict:
    try:
        urllib.request.urlopen(f"{stack.web_url}/api{path}", timeout=60)
    except urllib.error.HTTPError as exc:
        assert exc.code == 400
        return json.loads(exc.read())
    raise AssertionError(f"{path} was accepted")


def _analysis_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if f"/api/domains/{DEMO_DOMAIN}/" in r.url else None)
    return seen


# 5 -------------------------------------------------------------------------------------------------------------
def test_dates_the_api_would_refuse_are_refused_in_the_page_with_its_rules(page, stack) -> None:
    asked = _analysis_requests(page)
    cases = [("2026-02-30", "2026-03-10", "invalid_day", "From: “2026-02-30” is not a date (YYYY-MM-DD)"),
             ("2023-01-01", "2025-01-01", "range_too_long", "To: the period may be at most 731 days"),
             ("2025-03-10", "2025-03-01", "range_reversed", "From: the start date 2025-03-10 is after the end date")]
    for frm, to, code, text in cases:
        # the server refuses exactly these, with the same code
        assert _api_error(stack, f"/domains/{DEMO_DOMAIN}/overview?from={frm}&to={to}")["error"] == code
        page.goto(view_url(stack.web_url, "overview", frm=frm, to=to))
        problem = page.locator(f'[data-problem="{code}"]')
        problem.wait_for()
        assert text in problem.inner_text()
        assert problem.locator("button", has_text="Retry").count() == 0, "a retry cannot succeed"
    assert asked == [], f"the page asked the API for a range it knew was refused: {asked}"

    # the longest range the server takes is taken here too
    end = date.fromisoformat(last_days(1)[1])
    open_view(page, stack.web_url, "overview", frm=(end - timedelta(days=730)).isoformat(), to=end.isoformat())

    # the custom range form says what is wrong and does not navigate
    open_view(page, stack.web_url, "overview")
    before = page.url
    page.fill("#range-from", "2020-01-01")
    page.fill("#range-to", "2024-01-01")
    page.locator(".custom-range button[type=submit]").click()
    assert "731" in page.locator("#range-error").inner_text()
    assert page.locator("#range-to").get_attribute("aria-invalid") == "true"
    page.fill("#range-from", "2024-02-01")
    page.fill("#range-to", "2024-01-01")
    page.locator(".custom-range button[type=submit]").click()
    assert "after the end date" in page.locator("#range-error").inner_text()
    assert page.url == before


# 3 -------------------------------------------------------------------------------------------------------------
def test_alert_links_land_on_the_tag_and_the_section_they_name(page, stack) -> None:
    frm, to = last_days(7)
    rows = _api(stack, "tags", frm, to)["rows"]
    tag = next(r["tag"] for r in rows if r["tag"])
    start, end = date.fromisoformat(frm), date.fromisoformat(to)
    # the very link an alert message carries (chalicelib.alerting.links)
    page.goto(ui_link(stack.web_url, DEMO_DOMAIN, start, end, "en", "tags", tag))
    page.wait_for_selector('[data-loaded="tags"]')
    shown = page.locator("table.data tbody tr")
    assert shown.count() == 1
    assert shown.first.get_attribute("data-key") == tag
    assert "linked-row" in (shown.first.get_attribute("class") or "")
    assert tag in page.locator(f'[data-filter="{tag}"]').inner_text()
    page.locator(f'[data-filter="{tag}"] a').click()
    page.wait_for_selector('[data-loaded="tags"]')
    assert page.locator("table.data tbody tr").count() == len(rows)
    assert "tag=" not in page.url

    page.goto(ui_link(stack.web_url, DEMO_DOMAIN, start, end, "en", "tags", "biling"))
    page.wait_for_selector('[data-loaded="tags"]')
    assert "The tag biling sent no mail" in page.locator('[data-loaded="tags"]').inner_text()

    # a silence alert links to the reporters: the overview opens scrolled to them, marked and focused
    page.goto(ui_link(stack.web_url, DEMO_DOMAIN, start, end, "en", "reporters"))
    section = page.locator('[data-focus="reporters"]')
    section.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.dataset.focus === 'reporters'")
    assert "linked" in (section.get_attribute("class") or "")
    box = section.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


# 4 -------------------------------------------------------------------------------------------------------------
def test_an_unknown_domain_is_named_in_the_selector_and_explained(page, stack) -> None:
    asked = _analysis_requests(page)
    page.goto(f"{stack.web_url}/?domain=nosuch.example&lang=en&view=patterns")
    problem = page.locator('[data-problem="unknown_domain"]')
    problem.wait_for()
    assert "nosuch.example is not one of your analysis domains" in problem.inner_text()
    select = page.locator("#domain-select")
    assert select.input_value() == "nosuch.example"
    assert "nosuch.example" in select.locator("option:checked").inner_text()
    assert select.get_attribute("aria-invalid") == "true"
    assert page.locator(".view-domain").count() == 0
    assert asked == []
    select.select_option(DEMO_DOMAIN)
    page.wait_for_selector('[data-loaded="patterns"]')
    assert page.locator("#domain-select option:checked").inner_text() == DEMO_DOMAIN


# 7 -------------------------------------------------------------------------------------------------------------
def test_pattern_counts_are_grouped_and_plurals_agree(page, stack) -> None:
    frm, to = last_days(30)
    rows = _api(stack, "tags", frm, to)["rows"]
    open_view(page, stack.web_url, "tags")
    for n in range(1, 5):
        cells = page.locator(f'table.data tbody tr td[data-col="p{n}"]').all_inner_texts()
        expected = [en_number((r.get("patterns") or [0, 0, 0, 0])[n - 1]) for r in rows]
        assert sorted(cells) == sorted(expected)
    assert any("," in c for c in page.locator("table.data tbody td").all_inner_texts())

    open_view(page, stack.web_url, "registry")
    text = page.locator("#import-text")
    result = page.locator(".import-result")
    for body, lines, problems in (("cidr,tag,comment\nnot-an-ip,x,\n", "1 line has errors:", "1 problem found"),
                                  ("cidr,tag,comment\nnot-an-ip,x,\nalso-bad,y,\n", "2 lines have errors:",
                                   "2 problems found")):
        text.fill(body)
        page.locator(".import-form button[type=submit]").click()
        page.wait_for_function(f"() => document.querySelector('.import-result').innerText.includes({lines!r})")
        assert problems in result.inner_text()


# 1 -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["tags", "spoofing", "patterns"])
def test_wide_tables_fit_a_1366_screen(browser, stack, view) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = context.new_page()
    open_view(page, stack.web_url, view)
    scroll = page.locator(".table-scroll").first
    widths = scroll.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"{view}: {widths[0]} px of table in {widths[1]} px"
    if view == "spoofing":
        button = page.locator("button.register-btn").first
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1366
    context.close()


def test_on_a_phone_tables_are_cards_with_every_column_named(browser, stack) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    for view in ("patterns", "tags", "spoofing"):
        open_view(page, stack.web_url, view)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, view
        row = 'tr[data-pattern="1"]' if view == "patterns" else "tr"
        cells = page.locator(f"table.data tbody {row}").first.locator("td[data-label]")
        assert cells.count() >= 3
        for i in range(cells.count()):
            cell = cells.nth(i)
            label = cell.evaluate("el => getComputedStyle(el, '::before').content")
            assert label.strip('"') == cell.get_attribute("data-label")
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (view, i)
    tagged = page.locator('table.patterns tbody tr[data-pattern="1"] td[data-col="tagged"]')
    open_view(page, stack.web_url, "patterns")
    assert tagged.is_visible()
    context.close()


# 2 -------------------------------------------------------------------------------------------------------------
def test_tag_names_never_break_inside_a_word_on_a_phone(browser, stack) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="en-US")
    page = context.new_page()
    for view in ("tags", "registry", "readiness"):
        open_view(page, stack.web_url, view)
        tags = page.locator(".tag")
        assert tags.count() > 0, view
        broken = page.evaluate("""() => [...document.querySelectorAll('.tag')]
            .filter((el) => el.getClientRects().length !== 1 || el.scrollWidth > el.clientWidth + 1
              || el.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(el).lineHeight || 20))
            .map((el) => el.textContent)""")
        assert broken == [], f"{view}: {broken}"
    context.close()


# 6 -------------------------------------------------------------------------------------------------------------
def test_days_without_reports_are_gaps_and_long_ranges_are_aggregated(page, stack) -> None:
    frm, to = last_days(90)  # the demo data covers the last 60 days: the first 30 have no report
    daily = _api(stack, "overview", frm, to)["daily"]
    empty_days = [p["day"] for p in daily if not p["total"]]
    assert empty_days
    open_view(page, stack.web_url, "overview", frm=frm, to=to)
    canvas = page.locator("canvas")
    page.wait_for_function("() => document.querySelector('canvas').dataset.gaps !== undefined")
    assert canvas.get_attribute("data-unit") == "day"
    assert int(canvas.get_attribute("data-gaps") or -1) == len(empty_days)
    page.locator("details.as-table summary").click()
    row = page.locator(f'details.as-table tbody tr:has(th:text-is("{empty_days[0]}"))')
    assert row.locator("td").last.inner_text() == "—"

    for days, unit, text in ((365, "week", "Per week"), (731, "month", "Per month")):
        frm, to = last_days(days)
        open_view(page, stack.web_url, "overview", frm=frm, to=to)
        page.wait_for_function("() => document.querySelector('canvas').dataset.points !== undefined")
        assert canvas.get_attribute("data-unit") == unit
        points = int(canvas.get_attribute("data-points") or 0)
        assert (51 <= points <= 54) if unit == "week" else (24 <= points <= 26), points
        note = page.locator("#daily-note")
        assert text in note.inner_text() and canvas.get_attribute("aria-describedby") == "daily-note"


# 8 -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_pattern_titles_are_the_same_in_the_page_and_the_csv(page, stack, lang) -> None:
    frm, to = last_days(30)
    url = f"{stack.web_url}/api/domains/{DEMO_DOMAIN}/patterns?from={frm}&to={to}&format=csv&lang={lang}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=60) as resp:
        table = list(csv.DictReader(io.StringIO(resp.read().decode("utf-8-sig"))))
    titles = {row["pattern"]: row["title"] for row in table}
    open_view(page, stack.web_url, "patterns", lang=lang)
    for n in "1234":
        shown = page.locator(f'table.patterns tr[data-pattern="{n}"] .pattern-title').inner_text()
        assert shown == titles[n]
    page.locator('button.advice-btn[data-pattern="1"]').click()
    assert titles["1"] in page.locator('[data-advice="1"] h3').inner_text()


# 12 ------------------------------------------------------------------------------------------------------------
def test_no_request_fails_when_a_page_loads(page, stack) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    open_view(page, stack.web_url, "overview")
    open_view(page, stack.web_url, "registry")
    assert failed == []
    with urllib.request.urlopen(f"{stack.web_url}/config.json", timeout=30) as resp:
        assert json.loads(resp.read()) == {}


# 11 ------------------------------------------------------------------------------------------------------------
def test_idn_domains_read_as_unicode_with_the_ascii_form_on_hover_and_in_dns(page, stack) -> None:
    ascii_name, unicode_name = "xn--eckwd4c7c.jp", "ドメイン.jp"
    stack.api("/domains", "POST", {"name": ascii_name})
    try:
        page.goto(f"{stack.web_url}/?domain={ascii_name}&lang=en&view=domains")
        page.wait_for_selector('[data-loaded="domains"]')
        head = page.locator(f'li[data-domain="{ascii_name}"] h3')
        assert head.inner_text().startswith(unicode_name)
        assert head.get_attribute("title") == ascii_name
        records = page.locator(f'li[data-domain="{ascii_name}"] table.dns-records')
        records.wait_for()
        assert ascii_name in records.inner_text() and unicode_name not in records.inner_text()
        option = page.locator(f'#domain-select option[value="{ascii_name}"]')
        assert option.inner_text() == unicode_name and option.get_attribute("title") == ascii_name
        assert page.locator(".view-domain").count() == 0  # the domains view names no single domain
        page.goto(f"{stack.web_url}/?domain={ascii_name}&lang=en&view=registry")
        page.wait_for_selector('[data-loaded="registry"]')
        assert page.locator(".view-domain").inner_text() == unicode_name
        assert page.locator(".view-domain").get_attribute("title") == ascii_name
    finally:
        stack.api(f"/domains/{ascii_name}", "DELETE")


# 10 ------------------------------------------------------------------------------------------------------------
def test_replacing_the_registry_asks_first_with_the_counts_and_offers_the_export(page, stack) -> None:
    entries = stack.api(f"/domains/{DEMO_DOMAIN}/registry")
    entries = entries if isinstance(entries, list) else entries["items"]
    assert len(entries) >= 2
    kept = entries[0]
    body = f"cidr,tag,comment\n{kept['cidr']},{kept['tag']},kept\n198.51.100.0/24,brand-new,added\n"
    open_view(page, stack.web_url, "registry")
    page.fill("#import-text", body)
    page.check("#import-replace")
    page.locator(".import-form button[type=submit]").click()
    dialog = page.locator("dialog.replace-dialog[open]")
    dialog.wait_for()
    count = lambda key: dialog.locator(f'[data-count="{key}"] dd').inner_text()  # noqa: E731
    assert (count("removed"), count("added"), count("kept")) == (en_number(len(entries) - 1), "1", "1")
    assert f"delete {en_number(len(entries) - 1)}" in dialog.locator("[data-action=replace]").inner_text()
    with page.expect_download() as download:
        dialog.locator("[data-action=export]").click()
    assert download.value.suggested_filename == f"aligned-registry-{DEMO_DOMAIN}.csv"
    dialog.locator("[data-action=cancel]").click()
    assert page.locator("dialog.replace-dialog[open]").count() == 0
    after = stack.api(f"/domains/{DEMO_DOMAIN}/registry")
    assert len(after if isinstance(after, list) else after["items"]) == len(entries), "cancel changed nothing"


# 9 -------------------------------------------------------------------------------------------------------------
def test_an_alert_rule_picks_its_tag_from_the_registry(page, stack) -> None:
    rules_path = f"/domains/{DEMO_DOMAIN}/alerts/rules"
    listed = lambda: stack.api(rules_path)  # noqa: E731
    items = lambda body: body if isinstance(body, list) else body.get("items") or body.get("rules") or []  # noqa: E731
    before = {r["id"] for r in items(listed())}
    entries = stack.api(f"/domains/{DEMO_DOMAIN}/registry")
    tags = sorted({e["tag"] for e in (entries if isinstance(entries, list) else entries["items"])})
    open_view(page, stack.web_url, "alerts")
    page.locator(".view-alerts .form-actions button.btn-primary").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("#rule-name").fill("Tag rule from the browser test")
    dialog.locator("#rule-kind").select_option("tag_fail_rate")
    select = dialog.locator("#rule-f-tag")
    options = select.locator("option").all_inner_texts()
    assert options[:-1] == tags and options[-1].startswith("Another tag")
    dialog.locator("#rule-f-threshold_pct").fill("5")
    select.select_option(index=len(tags))  # another tag: free text
    dialog.locator("#rule-f-tag-free").fill("biling")
    dialog.locator("button[type=submit]").click()
    assert "“biling” is not a tag in the registry" in dialog.locator(".notice").inner_text()
    assert {r["id"] for r in items(listed())} == before, "nothing is saved before the warning was read"
    select.select_option(tags[0])
    dialog.locator("button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('dialog[open]')")
    created = [r for r in items(listed()) if r["id"] not in before]
    try:
        assert [r["tag"] for r in created] == [tags[0]]
    finally:
        for r in created:
            stack.api(f"{rules_path}/{r['id']}", "DELETE")


def test_the_tls_rule_form_says_its_count_is_of_sessions(page, stack) -> None:
    open_view(page, stack.web_url, "alerts")
    page.locator(".view-alerts .form-actions button.btn-primary").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("#rule-kind").select_option("tls_failure")
    assert dialog.locator('label[for="rule-f-threshold"]').inner_text() == "Threshold (failed sessions)"
    dialog.locator("#rule-kind").select_option("fail_count")
    assert dialog.locator('label[for="rule-f-threshold"]').inner_text() == "Threshold (messages)"
