"""The portfolio view on the demo stack: every domain (the demo domain and the portfolio demo's clients) with its
figures and a sparkline, sorted by the API when a header is clicked, each domain linking to its overview; bulk
onboarding shows the DNS records per domain with copy buttons, and the line errors of a bad file (ja and en)."""
from __future__ import annotations

import time

import pytest

from local.demo.portfolio import CLIENTS
from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import DEMO_DOMAIN, open_view

pytestmark = pytest.mark.browser


def _portfolio_ingested(stack, timeout: float = 280.0) -> None:  # type: ignore[no-untyped-def]
    """The portfolio demo's mail is imported after the main demo's: wait for it."""
    deadline = time.monotonic() + timeout
    while "demo: portfolio ingested in" not in stack.text() and "portfolio demo already imported" not in stack.text():
        assert time.monotonic() < deadline, stack.text()[-3000:]
        time.sleep(1)


def _column(page, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f'table.portfolio tbody [data-col="{key}"]').all_inner_texts()


def _number(text: str) -> int:
    return int(text.replace(",", "") or 0)


def test_portfolio_sorts_by_a_column_and_links_to_overviews(page, stack) -> None:  # type: ignore[no-untyped-def]
    _portfolio_ingested(stack)
    open_view(page, stack.web_url, "portfolio")
    rows = page.locator("table.portfolio tbody tr")
    names = {rows.nth(i).get_attribute("data-domain") for i in range(rows.count())}
    assert names >= {DEMO_DOMAIN, *(c.name for c in CLIENTS)}
    assert page.locator("table.portfolio svg.sparkline").count() == rows.count()
    assert page.locator('[data-stage="reject_test"]').count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "portfolio.png"), full_page=True)

    page.locator('button.sort[data-key="spoofing"]').click()
    page.wait_for_selector('table.portfolio[data-sort="spoofing"][data-order="desc"]')
    down = [_number(v) for v in _column(page, "spoofing")]
    assert down == sorted(down, reverse=True) and down[0] > 0 and down[-1] == 0
    assert "sort=-spoofing" in page.url
    page.locator('button.sort[data-key="spoofing"]').click()
    page.wait_for_selector('table.portfolio[data-sort="spoofing"][data-order="asc"]')
    up = [_number(v) for v in _column(page, "spoofing")]
    assert up == sorted(up)

    page.locator(f'table.portfolio tr[data-domain="{CLIENTS[0].name}"] a').click()
    page.wait_for_selector('[data-loaded="overview"]')
    assert f"domain={CLIENTS[0].name}" in page.url and "view=" not in page.url  # the overview is the default view


def test_onboarding_shows_the_records_and_line_errors(page, stack) -> None:  # type: ignore[no-untyped-def]
    open_view(page, stack.web_url, "portfolio")
    page.fill("#onboard-text", "not a domain\nok.example\nok.example\n")
    page.locator(".onboarding-form button[type=submit]").click()
    errors = page.locator(".onboarding-result .line-errors tbody tr")
    errors.first.wait_for()
    assert [t.split("\t")[0] for t in errors.all_inner_texts()] == ["1", "3"]
    assert "duplicates line 2" in errors.nth(1).inner_text()

    page.fill("#onboard-text", "domain,display_name\nbrowser-new.example,Browser Co\n")
    page.locator(".onboarding-form button[type=submit]").click()
    added = page.locator('.onboarded[data-domain="browser-new.example"]')
    added.wait_for()
    assert "Browser Co" in added.inner_text() and "_dmarc.browser-new.example" in added.inner_text()
    assert "v=DMARC1; p=none; rua=mailto:" in added.inner_text()
    assert added.locator("button.copy-btn").count() >= 1
    assert any(d["name"] == "browser-new.example" for d in stack.api("/domains")["items"])
    page.screenshot(path=str(SCREENSHOTS / "onboarding.png"), full_page=True)

    open_view(page, stack.web_url, "portfolio", lang="ja")
    assert "ポートフォリオ" in page.locator("h2.view-title").inner_text()
    page.fill("#onboard-text", "not a domain\n")
    page.locator(".onboarding-form button[type=submit]").click()
    page.locator(".onboarding-result .line-errors").wait_for()
    assert "は正しいドメイン名ではありません" in page.locator(".onboarding-result").inner_text()
