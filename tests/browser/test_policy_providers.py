"""Policy drift and mailbox-provider requirements on the demo data: the posture view shows each reporter's policy
(kddi.com sees a second record, p=quarantine, on the last days: a drift warning), and the senders view shows the
providers table with the non-compliant mail and the senders to fix, in English and Japanese."""
from __future__ import annotations

import pytest

from local.demo import STALE_RECORD
from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view

pytestmark = pytest.mark.browser


def test_the_posture_view_warns_of_policy_drift(page, stack) -> None:
    frm, to = last_days(30)
    data = stack.api(f"/domains/{DEMO_DOMAIN}/policy?from={frm}&to={to}")
    reporter, days, seen = STALE_RECORD
    assert data["drift"] and data["latest"]["p"] == "none"
    open_view(page, stack.web_url, "posture")
    page.wait_for_selector('[data-loaded="policy"]')
    warning = page.locator(f'[data-drift="{reporter}"]')
    assert warning.get_attribute("role") == "alert"
    text = warning.inner_text()
    assert f"p={seen}" in text and "p=none" in text and f"on {days} days" in text
    row = page.locator(f'[data-loaded="policy"] tr[data-key="{reporter}"]')
    assert row.locator("td").nth(0).inner_text().strip() == seen  # its p column
    assert "differs" in row.inner_text()
    google = page.locator('[data-loaded="policy"] tr[data-key="google.com"]')
    assert "OK" in google.inner_text() and google.locator("td").nth(2).inner_text().strip() == "none"  # np


def test_the_senders_view_shows_the_provider_requirements(page, stack) -> None:
    frm, to = last_days(30)
    data = stack.api(f"/domains/{DEMO_DOMAIN}/providers?from={frm}&to={to}&lang=en")
    rows = {p["provider"]: p for p in data["providers"]}
    assert rows["google"]["non_compliant"] > 0, "the demo data has no non-compliant sender"
    worst = data["senders"][0]
    assert worst["non_compliant"] > 0 and worst["missing"]
    open_view(page, stack.web_url, "senders")
    page.wait_for_selector('[data-loaded="providers"]')
    table = page.locator('[data-loaded="providers"]')
    google = table.locator('tr[data-key="google"]')
    assert google.locator('[data-figure="non_compliant"]').inner_text().startswith(
        en_number(rows["google"]["non_compliant"]))
    assert google.locator('[data-figure="refused"]').inner_text() == en_number(rows["google"]["refused"])
    outlook = table.locator('tr[data-key="microsoft"]')
    assert "550 5.7.515" in outlook.inner_text()
    first_to_fix = next(s for s in rows["google"]["senders"] if s["non_compliant"])
    assert first_to_fix["name"] in google.inner_text()
    senders = page.locator('[data-loaded="provider-senders"]')
    top = senders.locator("tbody tr").first
    assert top.locator("th").inner_text().strip() == worst["name"]

    open_view(page, stack.web_url, "senders", lang="ja")
    page.wait_for_selector('[data-loaded="providers"]')
    assert "メールボックス事業者の要件" in page.locator(".view-senders").inner_text()
    assert "Outlook.com（Microsoft" in page.locator('[data-loaded="providers"] tr[data-key="microsoft"]').inner_text()
