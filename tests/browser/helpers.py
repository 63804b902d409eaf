"""Small helpers shared by the browser tests: URLs of views, waiting for a view's data, number formats."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

DEMO_DOMAIN = "aligned-demo.example"


def last_days(days: int = 30) -> tuple[str, str]:
    """The UI's relative range: the last `days` complete UTC days, ending yesterday."""
    end = datetime.now(UTC).date() - timedelta(days=1)
    return (end - timedelta(days=days - 1)).isoformat(), end.isoformat()


def view_url(base: str, view: str, lang: str = "en", frm: str | None = None, to: str | None = None,
             **extra: str) -> str:
    if frm is None or to is None:
        frm, to = last_days()
    params = {"domain": DEMO_DOMAIN, "from": frm, "to": to, "lang": lang, "view": view, **extra}
    return f"{base}/?{urlencode(params)}"


def open_view(page: Any, base: str, view: str, lang: str = "en", **kw: Any) -> None:
    page.goto(view_url(base, view, lang, **kw))
    page.wait_for_selector(f'[data-loaded="{view}"]')


def en_number(n: int) -> str:
    return f"{n:,}"


def pct(value: float) -> str:
    return f"{value:.2f}%"


def today() -> date:
    return datetime.now(UTC).date()
