"""A report whose org_name and header_from carry HTML and script payloads: ingested through the real path
(S3 incoming/ -> SQS -> driver -> handler), shown in the dashboard as literal text, and no script runs."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

import pytest

from chalicelib.services.ingest import OPERATOR_MARK
from tests.browser.helpers import DEMO_DOMAIN, last_days, open_view, today

pytestmark = pytest.mark.browser

ORG = '<script>window.__xss=1;alert("org")</script>'
HEADER_FROM = '<img src=x onerror="window.__xss=2;alert(\'header_from\')">'
SOURCE_IP = "192.0.2.66"


def hostile_report() -> bytes:
    day = today() - timedelta(days=2)
    begin = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
    attr = {'"': "&quot;"}
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>{escape(ORG)}</org_name><email>noreply@hostile.example</email>
    <report_id>browser-xss-1</report_id><date_range><begin>{begin}</begin><end>{begin + 86399}</end></date_range>
  </report_metadata>
  <policy_published><domain>{DEMO_DOMAIN}</domain><p>none</p></policy_published>
  <record>
    <row><source_ip>{SOURCE_IP}</source_ip><count>7</count>
      <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>{escape(HEADER_FROM, attr)}</header_from></identifiers>
    <auth_results><spf><domain>{escape(HEADER_FROM, attr)}</domain><result>fail</result></spf></auth_results>
  </record>
</feedback>
""".encode()


@pytest.fixture(scope="module")
def hostile_ingested(stack) -> None:
    bucket, prefix = stack.env_value("ALIGNED_RAW_BUCKET"), stack.env_value("ALIGNED_RAW_PREFIX")
    stack.s3().put_object(Bucket=bucket, Key=f"{prefix}{OPERATOR_MARK}browser-xss-report.xml", Body=hostile_report())
    frm, to = last_days(30)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        spoof = stack.api(f"/domains/{DEMO_DOMAIN}/spoofing?from={frm}&to={to}&limit=1000")
        if any(s["source_ip"] == SOURCE_IP for s in spoof["items"]):
            return
        time.sleep(1)
    raise AssertionError(f"the hostile report was not ingested within 120 s:\n{stack.text()[-3000:]}")


def _no_script_ran(page) -> None:
    assert page.watch.dialogs == [], f"a payload opened a dialog: {page.watch.dialogs}"
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("script").count() == 1  # only the app's own bundle
    assert page.locator("img").count() == 0


def test_report_fields_are_shown_as_text_and_never_run(page, stack, hostile_ingested) -> None:
    open_view(page, stack.web_url, "overview")
    reporters = page.locator("table.data tbody th", has_text=ORG)
    assert reporters.count() == 1, "the hostile org_name should be listed literally among the reporters"
    assert reporters.first.inner_text() == ORG
    _no_script_ran(page)

    open_view(page, stack.web_url, "spoofing")
    row = page.locator(f'tr[data-key="{SOURCE_IP}"]')
    assert row.count() == 1
    text = row.inner_text()
    assert HEADER_FROM in text and ORG in text
    _no_script_ran(page)

    # the register dialog names the IP; the registry form and list show only text too
    row.locator("button.register-btn").click()
    assert page.locator("dialog[open] h3").inner_text().endswith(SOURCE_IP)
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    _no_script_ran(page)
