"""The dashboard on the local stack with the demo data: figures equal the API's, the language switch, the URL
keeps the view, registering an IP from the spoofing view moves its mail from "possible spoofing" to "tagged",
and every view renders in both languages (screenshots)."""
from __future__ import annotations

import re

import pytest

from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view, pct, view_url

pytestmark = pytest.mark.browser
MESSAGES_CELLS = 'table.data tbody tr td[data-col="messages"]'


def _api(stack, name: str, frm: str, to: str) -> dict:
    return stack.api(f"/domains/{DEMO_DOMAIN}/{name}?from={frm}&to={to}")


def test_overview_figures_equal_the_api(page, stack) -> None:
    frm, to = last_days(30)
    api = _api(stack, "overview", frm, to)
    assert api["messages"] > 0, "the demo data set should have messages in the last 30 days"
    open_view(page, stack.web_url, "overview")
    figure = lambda name: page.locator(f'[data-figure="{name}"] .card-value').inner_text().strip()  # noqa: E731
    assert figure("messages") == en_number(api["messages"])
    assert figure("dmarc_pass_pct") == pct(api["dmarc_pass_pct"])
    assert figure("spf_aligned_pct") == pct(api["spf_aligned_pct"])
    assert figure("dkim_aligned_pct") == pct(api["dkim_aligned_pct"])
    assert figure("sources") == en_number(api["sources"])
    policy = (api.get("policy") or {}).get("p") or "unknown"
    assert page.locator('[data-figure="policy"] [data-policy]').get_attribute("data-policy") == policy
    assert page.locator("canvas").count() == 1
    # the daily series behind the chart, shown as a table on demand
    page.locator("details.as-table summary").click()
    rows = page.locator("details.as-table tbody tr")
    assert rows.count() == len(api["daily"])
    first = api["daily"][0]
    assert rows.first.locator("th").inner_text() == first["day"]
    assert rows.first.locator("td").first.inner_text() == en_number(first["total"])


def test_pattern_table_equals_the_api_and_advice_is_one_click_away(page, stack) -> None:
    frm, to = last_days(30)
    api = _api(stack, "patterns", frm, to)
    open_view(page, stack.web_url, "patterns")
    for row in api["rows"]:
        n = row["pattern"]
        tr = page.locator(f'table.patterns tbody tr[data-pattern="{n}"]')
        for col, count, share in (("total", row["messages"], row["pct"]), ("tagged", row["tagged"], row["tagged_pct"]),
                                  ("spoofing", row["spoofing"], row["spoofing_pct"])):
            assert tr.locator(f'td[data-col="{col}"] .count').inner_text() == en_number(count)
            assert tr.locator(f'td[data-col="{col}"] .pct').inner_text() == f"({pct(share)})"
    flags = page.locator('table.patterns tbody tr[data-pattern="2"] td.flag').all_inner_texts()
    assert flags == ["NG", "NG", "OK", "NG"]  # SPF auth, DMARC SPF, DKIM auth, DMARC DKIM
    page.locator('button.advice-btn[data-pattern="2"]').click()
    panel = page.locator('[data-advice="2"]')
    assert panel.is_visible()
    assert api["rows"][1]["advice"]["en"]["title"] in panel.inner_text()
    assert "pattern=2" in page.url  # the open advice is part of the link
    page.locator(".lang button[data-lang=ja]").click()
    page.wait_for_selector('[data-loaded="patterns"]')
    assert api["rows"][1]["advice"]["ja"]["title"] in page.locator('[data-advice="2"]').inner_text()


def test_language_switch_and_links_keep_the_view(page, stack) -> None:
    open_view(page, stack.web_url, "tags", lang="en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('.tabs a[data-view="tags"]').inner_text() == "By tag"
    page.locator(".lang button[data-lang=ja]").click()
    page.wait_for_selector('[data-loaded="tags"]')
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator('.tabs a[data-view="tags"]').inner_text() == "タグ別"
    assert page.locator('.tabs a[data-view="overview"]').inner_text() == "概要"
    assert re.search(r"[?&]lang=ja", page.url) and re.search(r"[?&]view=tags", page.url)
    # the link opens the same view in a fresh page
    page.goto(page.url)
    page.wait_for_selector('[data-loaded="tags"]')
    assert page.locator(".view-title").inner_text().startswith("タグ別")
    # default language from the browser when the URL has none
    page.goto(f"{stack.web_url}/?domain={DEMO_DOMAIN}")
    page.wait_for_selector('[data-loaded="overview"]')
    assert page.locator("html").get_attribute("lang") == "en"


def test_range_presets_and_sorting_paging(page, stack) -> None:
    open_view(page, stack.web_url, "overview")
    page.locator('.segmented button[data-days="7"]').click()
    page.wait_for_selector('[data-loaded="overview"]')
    frm, to = last_days(7)
    api = _api(stack, "overview", frm, to)
    assert "days=7" in page.url
    assert page.locator('[data-figure="messages"] .card-value').inner_text() == en_number(api["messages"])
    # custom range
    frm, to = last_days(10)
    page.fill("#range-from", frm)
    page.fill("#range-to", to)
    page.locator(".custom-range button[type=submit]").click()
    page.wait_for_selector('[data-loaded="overview"]')
    assert f"from={frm}" in page.url and f"to={to}" in page.url
    assert page.locator('[data-figure="messages"] .card-value').inner_text() == en_number(
        _api(stack, "overview", frm, to)["messages"])
    # sorting the tag table by messages, ascending then descending
    open_view(page, stack.web_url, "tags")
    header = page.locator('th button.sort[data-key="messages"]')
    header.click()  # numbers sort largest first on the first click
    values = [int(v.replace(",", "")) for v in page.locator(MESSAGES_CELLS).all_inner_texts()]
    assert values == sorted(values, reverse=True)
    header.click()
    values = [int(v.replace(",", "")) for v in page.locator(MESSAGES_CELLS).all_inner_texts()]
    assert values == sorted(values)
    assert "sort=messages" in page.url


def test_register_an_ip_from_the_spoofing_view_moves_its_mail_to_tagged(page, stack) -> None:
    frm, to = last_days(30)
    before = _api(stack, "patterns", frm, to)
    spoof = stack.api(f"/domains/{DEMO_DOMAIN}/spoofing?from={frm}&to={to}&limit=1000")
    # the unregistered source with the most DMARC-failing mail
    source = max(spoof["items"], key=lambda s: s["dmarc_fail"])
    assert source["dmarc_fail"] > 0
    ip = source["source_ip"]
    open_view(page, stack.web_url, "spoofing")
    page.locator(f'button.register-btn[data-ip="{ip}"]').click()
    dialog = page.locator("dialog[open]")
    expected_cidr = f"{ip}/128" if ":" in ip else f"{ip}/32"
    assert dialog.locator("input[name=cidr]").input_value() == expected_cidr
    dialog.locator("input[name=tag]").fill("found-in-spoofing")
    dialog.locator("input[name=comment]").fill("registered by the browser test")
    dialog.locator("button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('dialog[open]')")
    page.wait_for_selector('[data-loaded="spoofing"]')
    assert page.locator(f'button.register-btn[data-ip="{ip}"]').count() == 0
    after = _api(stack, "patterns", frm, to)
    moved = sum(source["patterns"])
    assert after["tagged_fail"] == before["tagged_fail"] + moved
    assert after["spoofing_fail"] == before["spoofing_fail"] - moved
    open_view(page, stack.web_url, "patterns")
    for n, count in enumerate(source["patterns"], start=1):
        tr = page.locator(f'table.patterns tbody tr[data-pattern="{n}"]')
        row_before = before["rows"][n - 1]
        assert tr.locator('td[data-col="tagged"] .count').inner_text() == en_number(row_before["tagged"] + count)
        assert tr.locator('td[data-col="spoofing"] .count').inner_text() == en_number(row_before["spoofing"] - count)
    # the new tag is in the registry view and the tag picker
    open_view(page, stack.web_url, "registry")
    assert page.locator(f'tr[data-key="{expected_cidr}"]').count() == 1


VIEWS = ["overview", "patterns", "tags", "spoofing", "readiness", "registry", "alerts", "failures", "domains"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_view_renders_and_is_saved_as_screenshots(browser, stack, screenshots, lang) -> None:
    for width, height, device in ((1280, 900, "desktop"), (390, 844, "phone")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))  # noqa: B023
        for view in VIEWS:
            page.goto(view_url(stack.web_url, view, lang))
            page.wait_for_selector(f'[data-loaded="{view}"]')
            page.wait_for_timeout(300)  # the chart draws on the next frame
            assert page.locator(".state-error").count() == 0, f"{view} ({lang}) shows an error"
            page.screenshot(path=str(screenshots / f"{view}-{lang}-{device}.png"), full_page=True)
        if device == "desktop":
            page.goto(view_url(stack.web_url, "patterns", lang, pattern="1"))
            page.wait_for_selector('[data-advice="1"]')
            page.screenshot(path=str(screenshots / f"patterns-advice-{lang}-desktop.png"), full_page=True)
        assert not errors, errors
        context.close()
