"""The one place a pynamodb model meets a table name: each adapter binds the models it uses to the table it
was given, getting subclasses with their own table name, connection, indexes and DoesNotExist."""
from __future__ import annotations

from typing import TypeVar, cast

from pynamodb.models import Model

M = TypeVar("M", bound=Model)


def bind_model(model: type[M], table_name: str) -> type[M]:
    """A subclass of `model` that reads and writes `table_name` (catch its own `DoesNotExist`)."""
    if len(table_name) < 3:
        raise ValueError(f"{model.__name__}: table name {table_name!r} is too short (DynamoDB needs 3+ chars)")
    base_meta: type = model.Meta  # type: ignore[assignment]
    meta = type("Meta", (base_meta,), {"table_name": table_name})
    namespace = {"Meta": meta, "__module__": model.__module__, "__qualname__": model.__qualname__}
    return cast(type[M], type(model.__name__, (model,), namespace))
