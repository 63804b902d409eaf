"""The current published policy and the drift are worked out once per distinct policy (a year of a large domain
is ~11,000 reports and a handful of policies): on random report streams, with policy objects shared as the policy
log shares them or each report its own, they answer what the rule applied report by report answers (the
reference below is the rule as it was written before, one report at a time)."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import pytest

from chalicelib.analysis.drift import differences, policy_drift
from chalicelib.analysis.published import COMPARED, Seen, latest_policy, stated
from chalicelib.dmarc.model import PolicyPublished

D = "example.com"
DAY = date(2026, 5, 1)
CHOICES = {"p": ("none", "quarantine", "reject", None), "sp": ("none", "reject", None), "np": ("none", None),
           "adkim": ("r", "s", None), "aspf": ("r", None), "pct": (100, 50, None), "fo": ("1", "0", None),
           "testing": ("y", "n", None), "discovery_method": ("psl", "treewalk", None)}


def reference_latest(observed: list[Seen], domain: str) -> PolicyPublished:
    last = max(s.day for s in observed)
    fields: dict[str, str | None] = {}
    for field in COMPARED:
        values = [(s.day == last, v) for s in observed if (v := stated(s.policy, field)) is not None]
        today = Counter(v for on_last, v in values if on_last)
        if not today:
            fields[field] = None
            continue
        overall = Counter(v for _, v in values)
        rank = {v: (n, overall[v]) for v, n in today.items()}
        top = max(rank.values())
        fields[field] = next(v for on_last, v in reversed(values) if on_last and rank[v] == top)
    pct = fields.pop("pct")
    return PolicyPublished(domain=domain, pct=int(pct) if pct and pct.isdigit() else None, **fields)  # type: ignore[arg-type]


def stream(rnd: random.Random, shared: bool) -> list[Seen]:
    policies = [PolicyPublished(D, **{f: rnd.choice(v) for f, v in CHOICES.items()})  # type: ignore[arg-type]
                for _ in range(rnd.randrange(1, 5))]
    out = []
    for n in range(rnd.randrange(1, 12)):
        for k in range(rnd.randrange(1, 6)):
            policy = rnd.choice(policies)
            out.append(Seen(f"reporter-{rnd.randrange(4)}", DAY + timedelta(days=n), policy if shared else
                            replace(policy), f"r{n}-{k}"))
    return out


@pytest.mark.parametrize("shared", [True, False])
def test_the_rule_per_policy_answers_as_report_by_report(shared: bool) -> None:
    rnd = random.Random(15 + shared)
    for _ in range(400):
        seen = stream(rnd, shared)
        latest = reference_latest(seen, D)
        assert latest_policy(seen, D) == latest
        result = policy_drift(seen, D)
        agrees = [not differences(s.policy, latest) for s in seen]
        assert result.source == next((s for s, ok in zip(reversed(seen), reversed(agrees), strict=True) if ok),
                                     seen[-1])
        others = {(s.reporter, differences(s.policy, latest)) for s, ok in zip(seen, agrees, strict=True)
                  if not ok and result.latest_since is not None and s.day >= result.latest_since}
        assert {(f.reporter, f.differences) for f in result.findings} == others
        assert sum(f.reports for f in result.findings) == sum(
            1 for s, ok in zip(seen, agrees, strict=True) if not ok and s.day >= (result.latest_since or DAY))
