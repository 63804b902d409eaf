"""The held-reports view: the demo's unauthenticated relay report is listed with why it is held (ja/en), and
rejecting it removes it from the list (rejecting changes no figure, so the shared demo stack stays as it is)."""
from __future__ import annotations

import pytest

from tests.browser.helpers import open_view

pytestmark = pytest.mark.browser


def test_a_held_report_is_listed_with_its_reason_and_can_be_rejected(page, stack) -> None:
    held = stack.api("/reports/held")["items"]
    assert [h["org_name"] for h in held] == ["Mail.Ru relay"] and held[0]["reason"] == "dmarc_fail"
    open_view(page, stack.web_url, "held", lang="ja")
    row = page.locator('[data-loaded="held"] tbody tr')
    assert row.count() == 1 and "Mail.Ru relay" in row.inner_text()
    assert "DMARC に合格せず" in row.inner_text()
    open_view(page, stack.web_url, "held")
    assert "failed DMARC and had no aligned DKIM signature" in page.locator('[data-loaded="held"]').inner_text()
    page.get_by_role("button", name="Reject").click()
    page.wait_for_selector("text=rejected: it is kept but never counted")
    page.wait_for_selector("text=No held reports")
    assert stack.api("/reports/held")["items"] == []
