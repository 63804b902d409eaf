"""The SMTP TLS view and the DNS posture page on the local stack with the demo data (its week of TLS reports and
the demo domain's zone of good and broken records), in both languages."""
from __future__ import annotations

import pytest

from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view, pct

pytestmark = pytest.mark.browser


def test_tls_view_equals_the_api_and_gives_advice(page, stack) -> None:
    frm, to = last_days(30)
    api = stack.api(f"/domains/{DEMO_DOMAIN}/tls?from={frm}&to={to}")
    assert api["reports"] >= 10 and api["failure"] > 0, "the demo has a week of TLS reports with failures"
    open_view(page, stack.web_url, "tls")
    figure = lambda name: page.locator(f'[data-figure="{name}"] .card-value').inner_text().strip()  # noqa: E731
    assert figure("tls_sessions") == en_number(api["sessions"])
    assert figure("tls_success_pct") == pct(api["success_pct"])
    assert figure("tls_failure") == en_number(api["failure"])
    view = page.locator('[data-loaded="tls"]')
    text = view.inner_text()
    assert {r["name"] for r in api["by_result"]} == {"validation-failure", "certificate-expired",
                                                     "sts-policy-fetch-error"}
    assert "The MX certificate has expired: renew it" in text and f"mx2.{DEMO_DOMAIN}" in text
    assert "Microsoft Corporation" in text and "Google Inc." in text
    page.locator(".lang button[data-lang=ja]").click()
    page.wait_for_selector('[data-loaded="tls"]')
    assert "MX の証明書の有効期限が切れています" in page.locator('[data-loaded="tls"]').inner_text()
    assert "view=tls" in page.url and "lang=ja" in page.url


def test_dns_posture_page_checks_on_demand_with_severities_and_fixes(page, stack) -> None:
    open_view(page, stack.web_url, "posture")
    page.locator('[data-action="check-posture"]').click()
    page.wait_for_selector('[data-loaded="posture"] [data-worst]')
    api = stack.api(f"/domains/{DEMO_DOMAIN}/posture")
    codes = {f["code"] for f in api["check"]["findings"]}
    assert {"spf_too_many_lookups", "dkim_revoked", "dmarc_rua_unauthorised", "mta_sts_mx_mismatch",
            "dmarc_obsolete_tag", "dkim_short_key"} <= codes
    box = page.locator('[data-loaded="posture"]')
    assert box.locator("[data-worst]").get_attribute("data-worst") == "high"
    shown = {el.get_attribute("data-code") for el in box.locator("[data-code]").all()}
    assert shown == codes
    assert box.locator('[data-severity="high"]').count() == sum(
        1 for f in api["check"]["findings"] if f["severity"] == "high")
    text = box.inner_text()
    assert "SPF needs 14 DNS lookups (at most 10)" in text and "inv2019" in text
    assert f"_dmarc.{DEMO_DOMAIN}" in text  # the records read are listed
    page.locator(".lang button[data-lang=ja]").click()
    page.wait_for_selector('[data-loaded="posture"]')
    assert "SPF の DNS 参照が 14 回あります" in page.locator('[data-loaded="posture"]').inner_text()
