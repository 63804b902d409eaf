"""Links into the web UI: ``<base>?domain=..&from=..&to=..&lang=..&view=..`` (plus ``tag`` for a tag view)."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode, urlsplit


def ui_link(base: str, domain: str, start: date, end: date, lang: str, view: str, tag: str | None = None) -> str:
    """The UI view showing ``domain`` over start..end; "" when no UI base URL is configured."""
    if not base:
        return ""
    params = {"domain": domain, "from": start.isoformat(), "to": end.isoformat(), "lang": lang, "view": view}
    if tag:
        params["tag"] = tag
    if not urlsplit(base).path:
        base += "/"  # http://host:port -> http://host:port/
    sep = "&" if "?" in base else "?"
    return base + sep + urlencode(params)
