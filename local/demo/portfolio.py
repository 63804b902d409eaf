"""The portfolio demo: fourteen more fictional client domains an MSP would run, each with 30 days of Google
reports (one a day), its own mix of the demo senders (its own mail passing, some of its own services failing,
spoofing or not), its published policy at a different stage, and a display name. Registered through the bulk
onboarding API (local/seed.py), so `make run` shows the portfolio and the onboarding answer. Deterministic."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from local.demo.envelope import mail
from local.demo.reporters import REPORTERS
from local.demo.senders import DEMO_DOMAIN, REGISTRY, SENDERS, Dkim, Sender
from local.demo.xmlreport import Row, render

PORTFOLIO_DAYS = 30
OWN = ("ses", "office365")
OWN_FAILING = ("newsletter", "helpdesk", "billing", "crm")
SPOOFERS = ("spoof-bulk", "spoof-own-spf", "spoof-forged-dkim", "spoof-phish-kit")


@dataclass(frozen=True, slots=True)
class Client:
    name: str
    display_name: str
    scale: float  # of the demo domain's volume
    p: str
    testing: str | None  # RFC 9990 t=
    senders: tuple[str, ...]  # names of SENDERS this domain has
    registry: bool  # its IP registry is filled in (else every failure is possible spoofing)


CLIENTS: tuple[Client, ...] = (
    Client("kitakaze-shop.example", "北風商店", 0.8, "none", None, (*OWN, "newsletter", "crm", "spoof-bulk"), True),
    Client("minato-clinic.example", "みなとクリニック", 0.2, "none", None, ("ses", "helpdesk", "spoof-phish-kit"),
           True),
    Client("sakura-logistics.example", "さくら物流", 1.5, "quarantine", "y", (*OWN, "billing", "spoof-forged-dkim"),
           True),
    Client("aozora-bank.example", "Aozora Bank", 2.0, "reject", None, OWN, True),
    Client("hikari-denki.example", "ひかり電機", 1.1, "reject", "y", (*OWN, "newsletter"), True),
    Client("yamabiko-travel.example", "やまびこトラベル", 0.6, "quarantine", None, (*OWN, "spoof-own-spf"), True),
    Client("umi-foods.example", "Umi Foods", 0.4, "none", None, (*OWN, *OWN_FAILING[:2], *SPOOFERS[:2]), False),
    Client("tsubasa-school.example", "つばさ学園", 0.3, "none", None, ("office365", "crm"), True),
    Client("kaede-realestate.example", "かえで不動産", 0.5, "quarantine", "y", ("ses", "spoof-bulk"), True),
    Client("hoshi-games.example", "Hoshi Games", 1.8, "reject", None, (*OWN, "spoof-forged-dkim", "spoof-bulk"), True),
    Client("mori-law.example", "森法律事務所", 0.1, "none", None, ("office365",), True),
    Client("kumo-cloud.example", "Kumo Cloud", 1.3, "quarantine", None, (*OWN, "helpdesk", "billing"), True),
    Client("nami-fitness.example", "なみフィットネス", 0.35, "reject", "y", ("ses", "newsletter", "spoof-phish-kit"),
           False),
    Client("hana-cosmetics.example", "はなコスメ", 0.9, "none", None, (*OWN, *SPOOFERS), True),
)


def onboarding_csv() -> bytes:
    """The CSV the seed posts to /api/onboarding."""
    return ("domain,display_name\n" + "".join(f"{c.name},{c.display_name}\n" for c in CLIENTS)).encode()


def client_registry(client: Client) -> list[dict[str, str]]:
    """The demo registry entries of the client's own senders (none when it has not filled its registry in)."""
    if not client.registry:
        return []
    own = {s.ips[0] for s in SENDERS if s.name in client.senders and s.name not in SPOOFERS}
    return [e for e in REGISTRY if any(_inside(ip, e["cidr"]) for ip in own)]


def _inside(ip: str, cidr: str) -> bool:
    from ipaddress import ip_address, ip_network

    return ip_address(ip) in ip_network(cidr)


def _as_client(sender: Sender, domain: str) -> Sender:
    """The sender as it sends for `domain`: the demo domain's name in its identifiers replaced."""
    def moved(text: str) -> str:
        return text.replace(DEMO_DOMAIN, domain)

    return replace(sender, envelope_from=moved(sender.envelope_from), header_from=moved(sender.header_from),
                   dkim=tuple(Dkim(moved(d.domain), d.selector, d.result) for d in sender.dkim))


def client_rows(client: Client, day: date, days_ago: int) -> list[Row]:
    rows = []
    for sender in SENDERS:
        if sender.name not in client.senders:
            continue
        count = round(sender.volume(day, days_ago) * client.scale * REPORTERS[0].share)
        if count:
            own = _as_client(sender, client.name)
            rows += [Row(own, ip, n) for ip, n in zip(sender.ips, _split(count, len(sender.ips)), strict=True) if n]
    return rows


def _split(count: int, parts: int) -> list[int]:
    base = count // parts
    return [base + (1 if k < count - base * parts else 0) for k in range(parts)]


def portfolio_messages(today: date, after: date | None = None, days: int = PORTFOLIO_DAYS
                       ) -> Iterator[tuple[str, bytes]]:
    """Google's daily report of every client domain for the last `days` days (only the days after `after`)."""
    google = REPORTERS[0]
    for days_ago in range(days, 0, -1):
        day = today - timedelta(days=days_ago)
        if after is not None and day <= after:
            continue
        for client in CLIENTS:
            rows = client_rows(client, day, days_ago)
            if rows:
                xml = render(google, day, rows, client.name, client.p, client.testing)
                yield f"portfolio-{day:%Y%m%d}-{client.name}.eml", mail(google, day, xml, domain=client.name)
