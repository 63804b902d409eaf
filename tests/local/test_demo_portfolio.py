"""The portfolio demo: 14 client domains with 30 days of Google reports each, read by the project's parser with
each client's policy (p, t=); the onboarding CSV it posts is valid; the seed onboards them once through the API."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from chalicelib.analysis.portfolio import policy_stage
from chalicelib.dmarc import read_message
from chalicelib.domaincsv import read_domains
from chalicelib.services.domains import domain_name
from local.api_client import Response
from local.demo.portfolio import CLIENTS, PORTFOLIO_DAYS, client_registry, onboarding_csv, portfolio_messages
from local.seed import register_portfolio

TODAY = date(2025, 3, 15)


@pytest.fixture(scope="module")
def reports():  # type: ignore[no-untyped-def]
    return [read_message(raw, name=name) for name, raw in portfolio_messages(TODAY)]


def test_every_client_has_a_month_of_reports_with_its_policy(reports) -> None:  # type: ignore[no-untyped-def]
    found = [r for outcome in reports for r in outcome.reports]
    per_domain = Counter(r.policy.domain for r in found)
    assert len(CLIENTS) >= 12 and set(per_domain) == {c.name for c in CLIENTS}
    assert min(per_domain.values()) >= PORTFOLIO_DAYS - 5  # a small sender may skip a day
    stages = {r.policy.domain: policy_stage(r.policy) for r in found}
    assert set(stages.values()) == {"none", "quarantine_test", "quarantine", "reject_test", "reject"}
    for r in found:
        assert {rec.header_from for rec in r.records} <= {r.policy.domain, f"news.{r.policy.domain}"}


def test_only_the_days_after_a_date() -> None:
    names = [name for name, _ in portfolio_messages(TODAY, after=date(2025, 3, 12))]
    assert names and all(name.startswith(("portfolio-20250313", "portfolio-20250314")) for name in names)


def test_onboarding_csv_and_registries() -> None:
    parsed = read_domains(onboarding_csv(), domain_name)
    assert parsed.errors == () and [d.domain for d in parsed.lines] == [c.name for c in CLIENTS]
    assert all(d.display_name for d in parsed.lines)
    assert [c.name for c in CLIENTS if not client_registry(c)] == [c.name for c in CLIENTS if not c.registry]


def test_the_seed_onboards_once_through_the_api() -> None:
    calls: list[tuple[str, object]] = []

    class Api:
        def post_csv(self, path: str, data: bytes) -> Response:
            calls.append((path, data))
            return Response(201, {"added": len(CLIENTS)})

        def post(self, path: str, payload: object) -> Response:
            calls.append((path, payload))
            return Response(201, payload)

    assert register_portfolio(Api(), lambda _: None)  # type: ignore[arg-type]
    assert calls[0] == ("/api/onboarding", onboarding_csv())
    assert any(path.endswith("/registry") for path, _ in calls) and any("/alerts/rules" in p for p, _ in calls)

    class Old(Api):
        def post_csv(self, path: str, data: bytes) -> Response:
            return Response(403, {"message": "Missing Authentication Token"})

    assert register_portfolio(Old(), lambda _: None) is False  # type: ignore[arg-type]
