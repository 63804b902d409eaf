"""The settings every test container is built on: the defaults, except that DNS (and the HTTPS fetches that
share its switch, ``dns.mode``) is off, so no test reaches the network. A test that needs answers hands the
container a resolver of its own (``ZoneResolver``)."""
from __future__ import annotations

from typing import Any

from chalicelib.settings import DNS_MODE, Settings

OFFLINE_ENV = {DNS_MODE: "off"}


def offline_settings(**changes: Any) -> Settings:
    """``Settings.from_env`` on the offline environment; ``changes`` replace whole groups as there."""
    return Settings.from_env(OFFLINE_ENV, **changes)
