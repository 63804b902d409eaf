"""The Domains page lists a domain whose reports arrived before it was registered, and its "register" button
merges them and says how many (local stack: a report mail put into the raw-mail bucket, as SES would)."""
from __future__ import annotations

import re
import time

import pytest

from tests.browser.helpers import open_view
from tests.ingest.reportgen import report, to_mail

pytestmark = pytest.mark.browser
LATE = "browser-late.example"


def _wait_unclaimed(stack, timeout: float = 90.0) -> dict:  # type: ignore[no-untyped-def,type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [u for u in stack.api("/unclaimed")["items"] if u["domain"] == LATE]
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"{LATE} was not listed as unclaimed within {timeout} s")


def test_register_an_unclaimed_domain_from_the_domains_page(page, stack) -> None:
    bucket, prefix = stack.env_value("ALIGNED_RAW_BUCKET"), stack.env_value("ALIGNED_RAW_PREFIX")
    stack.s3().put_object(Bucket=bucket, Key=f"{prefix}browser-unclaimed-1",
                          Body=to_mail(report("browser-1", domain=LATE, count=7)))
    waiting = _wait_unclaimed(stack)
    open_view(page, stack.web_url, "domains")
    row = page.locator(f'table.unclaimed-list tr[data-domain="{LATE}"]')
    row.wait_for()
    assert LATE in row.inner_text() and waiting["first_day"] in row.inner_text()
    try:
        row.locator('[data-action="register"]').click()
        notice = page.locator(".notice-ok")
        notice.wait_for()
        expected = (f"{LATE}: 1 report(s) ({waiting['messages']:,} messages, from {waiting['first_day']} to "
                    f"{waiting['last_day']}) were merged.")
        assert notice.inner_text() == expected
        assert page.locator(f'li[data-domain="{LATE}"]').count() == 1
        assert page.locator(f'table.unclaimed-list tr[data-domain="{LATE}"]').count() == 0
        assert not [u for u in stack.api("/unclaimed")["items"] if u["domain"] == LATE]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", waiting["last_day"])
    finally:
        stack.api(f"/domains/{LATE}", method="DELETE")
