"""The caps that keep one report and one domain-day bounded (settings.Caps), whatever a sender puts in a report.

- Records per report: the first `report_records` records of the file count; the rest are dropped before the
  report is stored, so the stored report, its digest and every day it touches agree on the counted part. The
  drop is a limit_exceeded problem of the mail (its failure row: records and messages dropped).
- Distinct sources per domain-day: facts from sources the day already holds always count; a new source counts
  while the day holds fewer than `day_sources`; the facts of further new sources are dropped (their records and
  messages are reported in a limit_exceeded failure row per report and day). Live ingest checks against the
  day as stored before its merge (two reports merging the same day at the same moment may each add sources up
  to the cap: the excess is bounded by what they bring); a rebuild applies the same rule in report order."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from chalicelib.analysis.facts import Fact
from chalicelib.dmarc import AggregateReport
from chalicelib.dmarc.errors import LimitExceeded
from chalicelib.ports.ingest import Failure

LIMIT_EXCEEDED = "limit_exceeded"


def cap_records(report: AggregateReport, limit: int) -> tuple[AggregateReport, LimitExceeded | None]:
    """The report with its first `limit` records, and the problem saying what was dropped (None: nothing)."""
    if len(report.records) <= limit:
        return report, None
    dropped = report.records[limit:]
    meta = report.metadata
    problem = LimitExceeded(
        f"report {meta.org_name} {meta.report_id}: {len(report.records)} records; the first {limit} count, the other "
        f"{len(dropped)} records ({sum(r.count for r in dropped)} messages) were dropped (ALIGNED_MAX_REPORT_RECORDS)")
    return replace(report, records=report.records[:limit]), problem


@dataclass(frozen=True, slots=True)
class SourceDrop:
    day: date
    records: int  # facts dropped
    messages: int
    sources: int  # distinct new sources they came from


def cap_sources(known: set[str], facts: Iterable[Fact], limit: int) -> tuple[list[Fact], SourceDrop | None]:
    """The facts that count on a day holding the sources `known` (updated with the ones admitted), and what was
    dropped. Facts are taken in the order given."""
    kept: list[Fact] = []
    dropped: list[Fact] = []
    for f in facts:
        if f.source_ip in known:
            kept.append(f)
        elif len(known) < limit:
            known.add(f.source_ip)
            kept.append(f)
        else:
            dropped.append(f)
    if not dropped:
        return kept, None
    return kept, SourceDrop(dropped[0].day, len(dropped), sum(f.count for f in dropped),
                            len({f.source_ip for f in dropped}))


def source_drop_failure(domain: str, report_key: str, raw_key: str, drop: SourceDrop, limit: int,
                        at: datetime) -> Failure:
    """The failure row of one report's drop on one day (one row per report and day, rewritten when seen again)."""
    row = "limit-" + hashlib.sha256(f"{report_key}|{drop.day}".encode()).hexdigest()[:32]
    message = (f"{domain} {drop.day}: the day holds the most distinct sources allowed ({limit}); {drop.records} "
               f"records of report {report_key} from {drop.sources} further sources ({drop.messages} messages) were "
               f"not counted (ALIGNED_MAX_DAY_SOURCES)")
    return Failure(raw_key, LIMIT_EXCEEDED, message, at, row, reports=1)
