"""Drill-down: every pattern, tag, spoofing and readiness row opens the records behind it (?view=records&...), and
those records are the API's /facts answer for the same filter; the pattern advice's "open the rows" step links to
them; the page speaks ja and en, pages through a CSV of every record and goes back where it came from."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from tests.browser.helpers import DEMO_DOMAIN, en_number, last_days, open_view, view_url

pytestmark = pytest.mark.browser
SHOWN = 5  # first rows compared with the API's


def _facts(stack, **filters: str) -> dict:
    frm, to = last_days(30)
    return stack.api(f"/domains/{DEMO_DOMAIN}/facts?{urlencode({'from': frm, 'to': to, **filters})}")


def _assert_records_equal_the_api(page, stack, **filters: str) -> None:
    page.wait_for_selector('[data-loaded="records"]')
    query = parse_qs(urlparse(page.url).query)
    assert query["view"] == ["records"]
    assert {k: v[0] for k, v in query.items() if k in filters} == filters  # the link names exactly this filter
    api = _facts(stack, **filters)
    assert api["total_facts"] > 0
    figure = lambda name: page.locator(f'[data-figure="{name}"] .card-value').inner_text().strip()  # noqa: E731
    assert figure("total_facts") == en_number(api["total_facts"])
    assert figure("total_messages") == en_number(api["total_messages"])
    rows = page.locator(".records-table tbody tr")
    assert rows.count() == min(25, api["total_facts"])
    for i, item in enumerate(api["items"][:SHOWN]):
        row = rows.nth(i)
        assert row.locator("th").inner_text().strip() == item["source_ip"]
        assert row.locator('td[data-label="Messages"]').inner_text().strip() == en_number(item["count"])
        assert row.locator('td[data-label="Header from"]').inner_text().strip() == item["header_from"]
        assert row.locator('td[data-label="Reporter"]').inner_text().strip() == item["reporter"]


def test_pattern_1_opens_the_records_the_api_has_for_it(page, stack) -> None:
    open_view(page, stack.web_url, "patterns")
    link = page.locator('table.patterns tr[data-pattern="1"] a.records-link')
    assert link.get_attribute("aria-label") == "Records behind pattern 1"
    link.focus()  # keyboard reachable: a link, followed with Enter
    page.keyboard.press("Enter")
    _assert_records_equal_the_api(page, stack, pattern="1")
    assert page.locator(".records-filters .filter-chip").all_inner_texts() == ["Pattern 1"]
    # sortable: the smallest count first, then back
    page.locator('button.sort[data-key="count"]').click()
    page.locator('button.sort[data-key="count"]').click()
    counts = [int(c.replace(",", "")) for c in
              page.locator('.records-table tbody td[data-label="Messages"]').all_inner_texts()]
    assert counts == sorted(counts)
    # the CSV is the API's, with every record
    with page.expect_download() as download:
        page.locator(".records-table button", has_text="Download CSV").click()
    lines = [x for x in Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines() if x]
    assert len(lines) == _facts(stack, pattern="1")["total_facts"] + 1
    # the way back
    page.locator("a.back-link").click()
    page.wait_for_selector('[data-loaded="patterns"]')
    assert "view=records" not in page.url and "pattern=" not in page.url


def test_the_advice_step_that_asks_to_open_the_rows_links_to_them(page, stack) -> None:
    open_view(page, stack.web_url, "patterns", pattern="1")
    step = page.locator('[data-advice="1"] ol li a.records-link')
    assert step.count() == 1 and step.inner_text().startswith("Open the rows behind this pattern")
    step.click()
    _assert_records_equal_the_api(page, stack, pattern="1")


def test_a_tag_row_and_an_unregistered_row_open_their_records(page, stack) -> None:
    tags = stack.api(f"/domains/{DEMO_DOMAIN}/tags?from={last_days(30)[0]}&to={last_days(30)[1]}")
    tag = next(r["tag"] for r in tags["rows"] if r["tag"])
    open_view(page, stack.web_url, "tags")
    page.locator(f'tr[data-key="{tag}"] a.records-link').click()
    _assert_records_equal_the_api(page, stack, tag=tag)
    page.locator("a.back-link").click()
    page.wait_for_selector('[data-loaded="tags"]')
    page.locator('tr.untagged-row a.records-link').click()
    _assert_records_equal_the_api(page, stack, tag="(untagged)")


def test_a_spoofing_row_opens_the_records_of_that_source(page, stack) -> None:
    frm, to = last_days(30)
    ip = stack.api(f"/domains/{DEMO_DOMAIN}/spoofing?from={frm}&to={to}")["items"][0]["source_ip"]
    open_view(page, stack.web_url, "spoofing")
    link = page.locator(f'tr[data-key="{ip}"] a.records-link')
    assert link.get_attribute("aria-label") == f"Records from {ip}"
    link.click()
    _assert_records_equal_the_api(page, stack, source_ip=ip, registered="false")
    assert {r["source_ip"] for r in _facts(stack, source_ip=ip, registered="false")["items"]} == {ip}


def test_a_readiness_row_opens_the_failing_records_of_its_tag(page, stack) -> None:
    frm, to = last_days(30)
    rows = stack.api(f"/domains/{DEMO_DOMAIN}/readiness?from={frm}&to={to}")["tags"]
    row = next(r for r in rows if r["would_be_hit"])
    open_view(page, stack.web_url, "readiness")
    # the plan's senders to fix (above) links the same records; this is the per-tag table's link, the last one
    page.locator(f'a.records-link[aria-label="Records of the tag {row["tag"]} that fail DMARC"]').last.click()
    _assert_records_equal_the_api(page, stack, tag=row["tag"], dmarc="fail")
    assert _facts(stack, tag=row["tag"], dmarc="fail")["total_messages"] == row["would_be_hit"]


@pytest.mark.parametrize(("lang", "labels", "back"), [
    ("ja", ["日付（UTC）", "送信元 IP", "通数", "ヘッダー From", "エンベロープ From", "DKIM ドメイン", "レポーター"],
     "← エラーパターンに戻る"),
    ("en", ["Day (UTC)", "Source IP", "Messages", "Header from", "Envelope from", "DKIM domains", "Reporter"],
     "← Back to Error patterns"),
])
def test_the_records_page_speaks_both_languages(page, stack, lang, labels, back) -> None:
    open_view(page, stack.web_url, "records", lang=lang, pattern="1", back="patterns")
    headers = [h.strip().rstrip("↕▲▼").strip() for h in page.locator(".records-table thead th").all_inner_texts()]
    assert [x for x in headers if x in labels] == labels
    assert page.locator("a.back-link").inner_text() == back
    assert page.locator("h2.view-title").inner_text().startswith("明細" if lang == "ja" else "Records")


def test_fields_the_facts_gain_get_their_own_columns(page, stack) -> None:
    """Reverse DNS, service, DKIM selectors, SPF domain and override reasons (being added to the facts) appear as
    labelled columns once the API sends them; a field the page does not know yet is shown under its own name."""
    def richer(route) -> None:
        body = route.fetch().json()
        for item in body["items"]:
            item.update(rdns="o1.mail.example.net", service={"id": "sendgrid", "name": {"ja": "SendGrid（日本）",
                                                                                        "en": "SendGrid"}},
                        dkim=[{"domain": "sendgrid.net", "selector": "s1", "result": "pass"}],
                        spf={"domain": "bounce.example.net", "scope": "mfrom", "result": "pass"},
                        overrides=[{"type": "local_policy", "comment": "arc=pass"}], arc_hint="kept")
        route.fulfill(json=body)

    page.route("**/api/domains/*/facts?*", richer)
    open_view(page, stack.web_url, "records", pattern="1")
    row = page.locator(".records-table tbody tr").first
    cell = lambda label: row.locator(f'td[data-label="{label}"]').inner_text().strip()  # noqa: E731
    assert cell("Reverse DNS") == "o1.mail.example.net"
    assert cell("Service") == "SendGrid"
    assert cell("DKIM (d= / selector / result)") == "d=sendgrid.net s=s1 pass"
    assert cell("SPF (domain / result)") == "bounce.example.net (mfrom) pass"
    assert cell("Override reasons") == "local_policy: arc=pass"
    assert cell("arc_hint") == "kept"
    page.locator(".lang button[data-lang=ja]").click()
    page.wait_for_selector('[data-loaded="records"]')
    row = page.locator(".records-table tbody tr").first
    assert row.locator('td[data-label="送信サービス"]').inner_text().strip() == "SendGrid（日本）"
    for label in ("逆引き DNS", "DKIM（d= / セレクタ / 結果）", "SPF（ドメイン / 結果）", "オーバーライド理由"):
        assert row.locator(f'td[data-label="{label}"]').count() == 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_records_page_has_no_serious_accessibility_violation(browser, stack, lang) -> None:
    from tests.browser.test_accessibility import AXE, _axe
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci)")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True)
    page = context.new_page()
    try:
        open_view(page, stack.web_url, "records", lang=lang, pattern="1", back="patterns")
        bad = [v for v in _axe(page) if v["impact"] in ("serious", "critical")]
        assert bad == []
    finally:
        context.close()


def test_a_filter_the_api_refuses_is_explained_in_the_page_language(page, stack) -> None:
    for lang, text in (("en", "must be 0 (DMARC pass)"), ("ja", "0（DMARC 合格）")):
        page.goto(view_url(stack.web_url, "records", lang, pattern="9"))
        assert text in page.locator(".state-error").inner_text()


def test_a_csv_larger_than_the_inline_size_comes_from_a_presigned_link(page, stack) -> None:
    """The local stage answers CSVs above 100 kB with an export link on the moto server; the page follows it
    and the browser downloads the file itself (every record, named as the API named it)."""
    frm, to = last_days(30)
    query = urlencode({"from": frm, "to": to, "format": "csv"})
    link = stack.api(f"/domains/{DEMO_DOMAIN}/facts?{query}")["export"]
    assert link["bytes"] > 100_000 and "X-Amz-Signature=" in link["url"]
    open_view(page, stack.web_url, "records", dmarc="any")
    with page.expect_download() as download:
        page.locator(".records-table button", has_text="Download CSV").click()
    fetched = urlparse(download.value.url)
    assert fetched.netloc == urlparse(link["url"]).netloc  # the moto server, not the API
    assert fetched.path.startswith("/aligned-exports/exports/") and "X-Amz-Signature=" in fetched.query
    assert page.watch.foreign == [download.value.url]  # the one request to another host: the link it was given
    page.watch.foreign.clear()
    assert download.value.suggested_filename == link["filename"]
    lines = [x for x in Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines() if x]
    assert len(lines) == _facts(stack)["total_facts"] + 1
