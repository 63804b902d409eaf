"""The senders view: the demo's sending services with their fix text in the page language (as the API gives it),
each service row opening its records (?view=records&service=...), and the DKIM selector inventory."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view

pytestmark = pytest.mark.browser


def _senders(stack, lang: str = "en") -> dict:
    frm, to = last_days(30)
    return stack.api(f"/domains/{DEMO_DOMAIN}/senders?from={frm}&to={to}&lang={lang}")


def test_the_demo_services_show_their_fix_and_open_their_records(page, stack) -> None:
    data = _senders(stack)
    services = [r for r in data["rows"] if r["service"] not in ("own", "")]
    assert services, "the demo data names no service"
    open_view(page, stack.web_url, "senders")
    page.wait_for_selector('[data-loaded="senders"]')
    for row in services:
        shown = page.locator(f'table tr[data-key="{row["service"]}"]')
        assert shown.locator("th").inner_text().strip() == row["name"]
        if row["fixes"]:
            fix = shown.locator(f'[data-fix="{row["service"]}"]')
            assert fix.locator("p").first.inner_text().strip() == row["fixes"][0]["text"]
            assert fix.locator("a").get_attribute("href") == row["docs"]
    first = services[0]
    link = page.locator(f'tr[data-key="{first["service"]}"] a.records-link')
    assert link.get_attribute("aria-label") == f"Records of {first['name']}"
    link.click()
    page.wait_for_selector('[data-loaded="records"]')
    query = parse_qs(urlparse(page.url).query)
    assert query["view"] == ["records"] and query["service"] == [first["service"]]
    total = page.locator('[data-figure="total_messages"] .card-value').inner_text().strip()
    assert total == en_number(first["messages"])
    page.locator("a.back-link").click()
    page.wait_for_selector('[data-loaded="senders"]')


def test_japanese_fix_text_and_the_selector_inventory(page, stack) -> None:
    data = _senders(stack, "ja")
    fixed = next((r for r in data["rows"] if r["fixes"]), None)
    open_view(page, stack.web_url, "senders", lang="ja")
    page.wait_for_selector('[data-loaded="senders"]')
    if fixed is not None:
        text = page.locator(f'[data-fix="{fixed["service"]}"] p').first.inner_text().strip()
        assert text == fixed["fixes"][0]["text"] and "アライン" in text
    page.wait_for_selector('[data-loaded="selectors"]')
    assert page.locator('[data-loaded="selectors"] tbody tr').count() >= 1
