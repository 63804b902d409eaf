"""The readiness page as a plan on the demo data: the current stage and the senders to fix as the API gives them (the
reporter that sees a stale record is said, as the policy drift findings name it); the what-if form with p=reject
shows own mail hit (equal to the simulate API) and the senders to fix among the hit tags; the record to publish is
copied exactly (to the clipboard, or selected in its field when there is none)."""
from __future__ import annotations

import pytest

from local.demo import STALE_RECORD
from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view

pytestmark = pytest.mark.browser


def _plan(stack) -> dict:
    frm, to = last_days(30)
    return stack.api(f"/domains/{DEMO_DOMAIN}/plan?from={frm}&to={to}&lang=en")


def test_what_if_reject_shows_own_mail_hit_and_the_senders_to_fix(page, stack) -> None:
    plan = _plan(stack)
    assert plan["current"]["stage"]["name"] == "none" and plan["next"]["name"] == "quarantine_testing"
    assert plan["senders"], "the demo's own senders should fail DMARC"
    open_view(page, stack.web_url, "readiness")
    page.wait_for_selector('[data-loaded="plan"]')
    assert "p=none" in page.locator('[data-figure="current_stage"]').inner_text()
    frm, to = last_days(30)
    drift = stack.api(f"/domains/{DEMO_DOMAIN}/policy?from={frm}&to={to}")
    assert [f["reporter"] for f in plan["current"]["differing"]] == [f["reporter"] for f in drift["findings"]]
    reporter, days, seen = STALE_RECORD
    note = page.locator('[data-figure="reporters_agree"]')
    assert note.get_attribute("data-agree") == "no"
    assert f"{reporter} saw p={seen}" in note.inner_text() and f"on {days} days" in note.inner_text()
    rows = page.locator('[data-loaded="plan-senders"] tbody tr')
    assert rows.count() == len(plan["senders"])
    for i, sender in enumerate(plan["senders"][:5]):
        row = rows.nth(i)
        assert row.locator("th").inner_text().strip() == sender["name"]
        assert row.locator('td[data-col="hit"]').inner_text().strip() == en_number(sender["hit"])
        assert row.locator(".fix p").first.inner_text().strip() == sender["fixes"][0]["text"]
    page.wait_for_selector('[data-loaded="whatif"]')
    page.select_option('[data-form="whatif"] select[name="p"]', "reject")
    page.select_option('[data-form="whatif"] select[name="t"]', "n")
    page.locator('[data-form="whatif"] button[type="submit"]').click()
    page.wait_for_function("""() => {
        const el = document.querySelector('[data-loaded="whatif"] [data-figure="whatif_reject"] .card-value');
        return el && el.textContent.trim() !== '0'; }""")
    sim = stack.api(f"/domains/{DEMO_DOMAIN}/simulate?from={frm}&to={to}&p=reject&sp=reject&np=reject&t=n"
                    f"&adkim={plan['proposal']['adkim']}&aspf={plan['proposal']['aspf']}")
    own_hit = sim["own"]["quarantine"] + sim["own"]["reject"]
    assert own_hit > 0 and sim["own"]["reject"] == own_hit
    shown = page.locator('[data-figure="whatif_own"] .card-value').inner_text()
    assert shown.split()[0] == en_number(own_hit)
    hit_tags = {r["name"] for r in sim["by_tag"] if r["hit"]}
    by_tag = page.locator('[data-table="tag"] tbody tr th').all_inner_texts()
    assert {s["tag"] for s in plan["senders"] if s["tag"]} <= hit_tags <= {x.strip() for x in by_tag}


def test_the_record_to_publish_is_copyable(page, stack) -> None:
    plan = _plan(stack)
    record = plan["record"]["value"]
    assert record.startswith("v=DMARC1; p=quarantine; t=y;") and "pct" not in record
    assert "rua=mailto:" in record and "fo=1" in record
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_view(page, stack.web_url, "readiness")
    page.wait_for_selector('[data-loaded="plan"]')
    assert page.locator('[data-figure="record"]').input_value() == record
    page.locator('[data-action="copy-record"]').click()
    page.wait_for_function("() => document.querySelector('[data-action=\"copy-record\"]')"
                           ".parentElement.querySelector('[role=status]').textContent !== ''")
    try:
        copied = page.evaluate("() => navigator.clipboard.readText()")
    except Exception:  # no clipboard in this browser: the fallback selected the field's text
        copied = page.evaluate("""() => { const f = document.querySelector('[data-figure="record"]');
            return f.value.substring(f.selectionStart, f.selectionEnd); }""")
    assert copied == record
