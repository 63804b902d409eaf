"""``to_dict``: any analysis result -> JSON-ready data. Dataclasses become dicts (field order kept), dates
ISO strings, enums their value, tuples and sets lists (sets sorted), IP objects text, floats rounded to 2
decimals. The output contains only dict, list, str, int, float, bool and None."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any

from chalicelib.analysis.common import DayColumns, DayPoint

FLOAT_DIGITS = 2
_TEXT = (IPv4Address, IPv6Address, IPv4Network, IPv6Network)


_PLAIN = frozenset({type(None), bool, str, int})
_FIELDS: dict[type, tuple[str, ...]] = {}  # field names per dataclass met


def to_dict(value: Any) -> Any:
    """The exact types an analysis answer is made of first (a large answer has some 10,000 values), then the
    general rules."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is DayPoint:  # the overview's daily series
        return {"day": value.day.isoformat(), "total": value.total, "passed": value.passed, "failed": value.failed,
                "unknown": value.unknown}
    if kind is DayColumns:  # a year of figures for each of dozens of tags
        return {"first": None if value.first is None else value.first.isoformat(), "total": list(value.total),
                "passed": list(value.passed), "failed": list(value.failed), "unknown": list(value.unknown)}
    names = _FIELDS.get(kind)
    if names is not None:
        return {name: to_dict(getattr(value, name)) for name in names}
    if kind is tuple or kind is list:
        return [to_dict(v) for v in value]
    if kind is float:
        return round(value, FLOAT_DIGITS)
    if kind is date:
        return value.isoformat()
    return _general(value)


def _general(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Enum):
        return to_dict(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, _TEXT):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        return {name: to_dict(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(to_dict(k)): to_dict(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((to_dict(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [to_dict(v) for v in value]
    raise TypeError(f"to_dict: cannot serialise {type(value).__name__}")
