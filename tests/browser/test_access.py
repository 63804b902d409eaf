"""Organizations in the UI. The default stack (no sign-in, the local operator): the Members page lists both demo
organizations and their members, the Domains page shows Northwind's unproven domain with the TXT record to
publish, and Verify says (in English and Japanese) that the record is not there yet. A second stack with
ALIGNED_AUTH=local: the UI asks for a token; signed in as Aligned Demo Co.'s viewer, only that organization's
domain and members show, and a write answers with the translated 403."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.access.tokens import sign
from chalicelib.adapters.token_key import signing_key
from chalicelib.cli_token import claims
from tests.browser.conftest import Stack, running_stack
from tests.browser.helpers import DEMO_DOMAIN, open_view, view_url

pytestmark = pytest.mark.browser
UNPROVEN = "tailspin.example"


def test_members_and_the_unproven_domain_for_the_operator(page: Any, stack: Stack) -> None:
    open_view(page, stack.web_url, "members")
    page.locator('section.org[data-org="northwind"] tr[data-user="nw-admin"]').wait_for()
    demo = page.locator('section.org[data-org="aligned-demo"]')
    demo.locator('tr[data-user="demo-viewer"]').wait_for()
    assert demo.locator("form.add-member").count() == 1  # the operator manages every organization
    open_view(page, stack.web_url, "domains")
    item = page.locator(f'li[data-domain="{UNPROVEN}"]')
    assert item.locator('[data-ownership="unproven"]').count() == 1
    assert f"_aligned-verify.{UNPROVEN}" in item.inner_text()
    proven = page.locator(f'li[data-domain="{DEMO_DOMAIN}"] [data-ownership="proven"]')
    assert proven.count() == 1
    item.locator('[data-action="verify"]').click()
    page.locator(".notice-error").wait_for()
    assert "no TXT record" in page.locator(".notice-error").inner_text()
    page.goto(view_url(stack.web_url, "domains", lang="ja"))
    page.locator(f'li[data-domain="{UNPROVEN}"] [data-action="verify"]').click()
    page.locator(".notice-error").wait_for()
    assert "TXT レコード" in page.locator(".notice-error").inner_text()


@pytest.fixture(scope="module")
def token_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("token-stack"), {"ALIGNED_AUTH": "local"}) as started:
        yield started


def test_local_token_mode_signs_in_and_scopes_to_the_organization(browser: Any, token_stack: Stack) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Remove ...?"
    try:
        page.goto(view_url(token_stack.web_url, "overview"))
        page.locator(".view-signin #local-token").wait_for()
        token = sign(claims("demo-viewer"), signing_key(str(token_stack.data_dir / "auth-token.key")))
        page.fill("#local-token", token)
        page.click(".view-signin button[type=submit]")
        page.wait_for_selector('[data-loaded="overview"]')
        options = page.locator("#domain-select option").all_inner_texts()
        assert DEMO_DOMAIN in " ".join(options) and "northwind" not in " ".join(options)
        open_view(page, token_stack.web_url, "members")
        page.locator('section.org[data-org="aligned-demo"] tr[data-user="demo-owner"]').wait_for()
        assert page.locator('section.org[data-org="northwind"]').count() == 0
        assert page.locator("form.add-member").count() == 0  # a viewer manages nobody
        open_view(page, token_stack.web_url, "domains")
        page.locator(f'li[data-domain="{DEMO_DOMAIN}"] .btn-danger').click()
        page.locator(".notice-error").wait_for()
        assert "your role does not allow this" in page.locator(".notice-error").inner_text()
    finally:
        context.close()
