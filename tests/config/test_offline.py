"""Tests never reach the network: the settings every test fixture builds its container on have DNS off (and the
HTTPS fetches that share its switch), so the resolver answers nothing unless a test hands in a zone of its own."""
from __future__ import annotations

import re

from chalicelib import wiring
from chalicelib.adapters.dns import NoResolver
from chalicelib.adapters.https import NoFetcher
from chalicelib.adapters.memory import memory_adapters
from tests.conftest import ROOT
from tests.offline import offline_settings
from tests.storage.conftest import fresh_settings

# Where settings are built on purpose from an explicit environment: the settings table's own tests, the DNS
# adapter's wiring test (it only checks the adapter's type), the offline settings themselves, and the template
# test that reads the ingest function's settings from the deployed environment (it builds no container).
ALLOWED = {"tests/config/test_settings.py", "tests/contract/test_dns.py", "tests/offline.py",
           "tests/infra/test_hardening.py"}


def test_the_test_settings_switch_dns_and_fetches_off() -> None:
    assert offline_settings().dns.mode == fresh_settings().dns.mode == "off"
    built = wiring.bootstrap(offline_settings(), **memory_adapters())
    assert isinstance(built.resolver, NoResolver) and isinstance(built.fetcher, NoFetcher)


def test_no_other_test_module_builds_settings_on_the_live_default() -> None:
    builds = re.compile(r"Settings\.from_env\(|Settings\(\)")
    found = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py") if builds.search(p.read_text("utf-8"))}
    assert found - ALLOWED == set(), "build test settings with tests.offline.offline_settings"
