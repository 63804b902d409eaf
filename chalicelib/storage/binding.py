"""The one place a pynamodb model meets a table name: each adapter binds the models it uses to the table it
was given, getting subclasses with their own table name, connection, indexes and DoesNotExist.

The connections of all bound models share one botocore session (per thread, as pynamodb keeps it): pynamodb gives
each model's connection its own, and each new session loads botocore's service and endpoint data again, about
0.1 s of CPU a client, paid once per table in every new container (an analysis reads three tables)."""
from __future__ import annotations

from threading import local
from typing import TypeVar, cast

from botocore.session import Session, get_session
from pynamodb.connection.table import TableConnection
from pynamodb.models import Model

M = TypeVar("M", bound=Model)


def bind_model(model: type[M], table_name: str) -> type[M]:
    """A subclass of `model` that reads and writes `table_name` (catch its own `DoesNotExist`)."""
    if len(table_name) < 3:
        raise ValueError(f"{model.__name__}: table name {table_name!r} is too short (DynamoDB needs 3+ chars)")
    base_meta: type = model.Meta  # type: ignore[assignment]
    meta = type("Meta", (base_meta,), {"table_name": table_name})
    namespace = {"Meta": meta, "__module__": model.__module__, "__qualname__": model.__qualname__,
                 "_get_connection": classmethod(_shared_connection)}
    return cast(type[M], type(model.__name__, (model,), namespace))


_sessions = local()


def shared_session() -> Session:
    found: Session | None = getattr(_sessions, "session", None)
    if found is None:
        found = _sessions.session = get_session()
    return found


def _shared_connection(cls: type[Model]) -> TableConnection:
    table = Model._get_connection.__func__(cls)  # type: ignore[attr-defined]
    connection = table.connection
    if getattr(connection._local, "session", None) is None:  # pynamodb's per-thread session slot
        connection._local.session = shared_session()
    return table
