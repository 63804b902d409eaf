"""Aggregate report -> daily Facts. A report covering several UTC days is split across them in proportion to
its overlap with each day. The split is made on the whole report: its message count is apportioned to the days
(largest remainder), so each day's total is within 1 message of its exact share, and the day totals add up
exactly to the report's count. The day totals are then dealt to the report's fact keys (``distribute``).

Odd ranges: `end <= begin` (zero-length or reversed) puts everything on the day of `begin`; a range longer
than MAX_SPAN_DAYS (a reporter's clock bug, not a real reporting window) is put on the day of `end`."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from chalicelib.analysis.facts import Fact, SenderDetail
from chalicelib.dmarc.model import AggregateReport, Record

MAX_SPAN_DAYS = 31
_DAY = timedelta(days=1)

FactKey = tuple[str, str, str, str, str, bool, bool, bool, bool, str, bool, str, SenderDetail]
# A record's sender detail: (service id | "own" | "", reverse-DNS name, route "" | forwarded | mailing_list).
Describe = Callable[[Record], tuple[str, str, str]]


def _undescribed(record: Record) -> tuple[str, str, str]:
    return "", "", ""


def report_facts(report: AggregateReport, describe: Describe = _undescribed) -> list[Fact]:
    """The report's facts, one per (day, fact key) with a positive count, sorted by day then key. `describe`
    names each record's sender (chalicelib.senders; the default leaves the sender detail empty)."""
    weights = day_weights(report.metadata.begin, report.metadata.end)
    totals = merge_counts(_record_key(report, r, describe) for r in report.records)
    keys = sorted(totals)  # type: ignore[type-var]
    split = distribute([totals[k] for k in keys], list(weights.values()))
    out: list[Fact] = []
    for key, shares in zip(keys, split, strict=True):
        for day, share in zip(weights, shares, strict=True):
            if share:
                out.append(_fact(day, key, share))
    out.sort(key=lambda f: f.key)  # type: ignore[arg-type,return-value]
    return out


def facts_by_day(report: AggregateReport, describe: Describe = _undescribed) -> dict[date, list[Fact]]:
    days: dict[date, list[Fact]] = defaultdict(list)
    for fact in report_facts(report, describe):
        days[fact.day].append(fact)
    return dict(days)


def day_weights(begin: datetime, end: datetime) -> dict[date, int]:
    """Seconds of overlap between [begin, end) and each UTC day it touches (all positive), in day order."""
    begin, end = begin.astimezone(UTC), end.astimezone(UTC)
    if end <= begin:
        return {begin.date(): 1}
    if end - begin > timedelta(days=MAX_SPAN_DAYS):
        return {(end - timedelta(microseconds=1)).date(): 1}
    weights: dict[date, int] = {}
    day = begin.date()
    while True:
        start = datetime.combine(day, time(), UTC)
        overlap = min(end, start + _DAY) - max(begin, start)
        if overlap <= timedelta(0):
            break
        weights[day] = max(1, round(overlap.total_seconds()))
        day += _DAY
    return weights


def apportion(total: int, weights: list[int]) -> list[int]:
    """Splits `total` into integers proportional to `weights` (Hamilton / largest remainder). Ties in the
    remainder go to the earlier position. Always sums to `total`."""
    whole = sum(weights)
    if len(weights) == 1 or whole <= 0:
        return [total] + [0] * (len(weights) - 1)
    shares = [total * w // whole for w in weights]
    rest = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def distribute(counts: list[int], weights: list[int]) -> list[list[int]]:
    """Splits each of `counts` over the days of `weights` (one row per count, one column per day) so that each
    row sums to its count and each column to the day's share of the whole, ``apportion(sum(counts), weights)``.

    Each row first gets the floor of its own proportional share per day; the messages left over (fewer than
    the number of days per row) are then laid out row after row, in the given order, onto the days still short
    of their share, earliest day first. Deterministic for a given order; the caller sorts the rows."""
    days = apportion(sum(counts), weights)
    whole = sum(weights)
    rows = [[c * w // whole for w in weights] if whole > 0 else [0] * len(weights) for c in counts]
    short = [day - sum(column) for day, column in zip(days, zip(*rows, strict=True), strict=True)] if rows else []
    day = 0
    for row, count in zip(rows, counts, strict=True):
        for _ in range(count - sum(row)):
            while short[day] == 0:
                day += 1
            row[day] += 1
            short[day] -= 1
    return rows


def merge_counts(pairs: Iterable[tuple[FactKey, int]]) -> dict[FactKey, int]:
    totals: dict[FactKey, int] = defaultdict(int)
    for key, count in pairs:
        totals[key] += count
    return totals


def _record_key(report: AggregateReport, record: Record, describe: Describe) -> tuple[FactKey, int]:
    envelope_from = record.envelope_from or next(
        (s.domain for s in record.spf if s.domain and s.scope != "helo"), "")
    dkim_domains = " ".join(sorted({d.domain for d in record.dkim if d.domain}))
    spf = next((s for s in record.spf if s.result == "pass"), record.spf[0] if record.spf else None)
    service, ptr, route = describe(record)
    key: FactKey = (
        str(record.source_ip), report.metadata.org_name, record.header_from or "", envelope_from, dkim_domains,
        record.spf_pass, record.spf_aligned is True, record.dkim_pass, record.dkim_aligned is True,
        record.disposition, record.dmarc_pass is None,
        ptr, SenderDetail((spf.domain or "") if spf else "", (spf.scope or "") if spf else "",
                          dkim_text(record), reasons_text(record), service, route),
    )
    return key, record.count


def dkim_text(record: Record) -> str:
    """Fact.dkim of a record: "domain/selector/result" per signature, in report order, duplicates dropped."""
    parts = (f"{_token(d.domain)}/{_token(d.selector)}/{_token(d.result)}" for d in record.dkim)
    return " ".join(dict.fromkeys(parts))


def reasons_text(record: Record) -> str:
    """Fact.reasons of a record: "type" or "type=comment" per override reason, one per line."""
    lines = (r.type + (f"={' '.join(r.comment.split())}" if r.comment and r.comment.strip() else "")
             for r in record.reasons)
    return "\n".join(dict.fromkeys(lines))


def _token(value: str | None) -> str:
    return "".join((value or "").split()).replace("/", "%2F")


def _fact(day: date, key: FactKey, count: int) -> Fact:
    (ip, reporter, header_from, envelope_from, dkim_domains, spf_auth, spf_aligned, dkim_auth, dkim_aligned, disp,
     unknown, ptr, detail) = key
    return Fact(day=day, source_ip=ip, reporter=reporter, header_from=header_from, envelope_from=envelope_from,
                dkim_domains=dkim_domains, spf_auth=spf_auth, spf_aligned=spf_aligned, dkim_auth=dkim_auth,
                dkim_aligned=dkim_aligned, disposition=disp, count=count, unknown=unknown, ptr=ptr,
                detail=detail)
