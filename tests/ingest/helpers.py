"""Putting generated mail into the (moto) raw-mail bucket and reading back day totals."""
from __future__ import annotations

import itertools
from datetime import date

from chalicelib import wiring
from chalicelib.dmarc.model import AggregateReport
from tests.ingest.reportgen import to_mail

_keys = itertools.count()


def put_mail(r: AggregateReport | bytes, key: str | None = None) -> str:
    key = key or f"incoming/msg-{next(_keys):05d}"
    data = r if isinstance(r, bytes) else to_mail(r)
    wiring.container().s3_client.put_object(Bucket=wiring.config().raw_mail.bucket, Key=key, Body=data)
    return key


def day_totals(domain: str, start: date, end: date) -> dict[date, int]:
    totals: dict[date, int] = {}
    for f in wiring.ingest_service().rollups.facts(domain, start, end):
        totals[f.day] = totals.get(f.day, 0) + f.count
    return totals
