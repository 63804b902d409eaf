"""What the fakes share with DynamoDB's range queries: a BETWEEN whose upper bound is below its lower one is
refused (ValidationException), so a caller that asks with an empty day range fails on the fakes as it would on
the real store."""
from __future__ import annotations

from datetime import date


def checked(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"a range query needs end >= start (DynamoDB refuses BETWEEN {start} AND {end})")
