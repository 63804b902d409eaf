"""Fast construction of frozen, slotted dataclasses on hot paths (decoding thousands of facts, reading
100,000 records): a bare ``object.__new__`` instance, then each slot written through its descriptor's
``__set__``, which skips the frozen ``__init__`` and its ``object.__setattr__`` per field.

``slot_setters`` names the fields explicitly and checks them against the class, so a field added, removed or
renamed fails loudly at import (and so in every test run) instead of filling the wrong slot. Standard library
only: the pure packages import it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

Setter = Callable[[Any, object], None]


def slot_setters(cls: type, order: tuple[str, ...], owner: str) -> tuple[Setter, ...]:
    """The ``__set__`` of each slot of ``cls`` in the order named. Raises RuntimeError, naming ``owner`` (the
    module that unpacks the tuple by position), unless ``order`` names every field exactly once."""
    declared = [f.name for f in fields(cls)]
    slots = getattr(cls, "__slots__", ())
    if len(order) != len(set(order)) or not set(declared) == set(order) == set(slots):
        raise RuntimeError(f"{owner}: the fields of {cls.__name__} changed ({sorted(declared)}); "
                           f"update the order it unpacks ({list(order)})")
    return tuple(cls.__dict__[name].__set__ for name in order)
