"""The one place a pynamodb model meets a table name: each adapter binds the models it uses to the table it
was given, getting subclasses with their own table name, connection, indexes and DoesNotExist.

The connections of all bound models share one botocore session and one DynamoDB client per endpoint and
connection settings: pynamodb gives each model's connection its own session and client, and each new client costs
~50 ms of CPU (a new session loads botocore's service and endpoint data again, ~0.1 s), paid once per table in
every new container (an analysis reads three tables, the portfolio five). A botocore client may be used from
several threads once made; making one is not thread-safe, hence the lock. The endpoint variables are part of the
key because tests point one process at dynalite and moto in turn, and so is the count of botocore's built-in
handlers: moto adds its stubber there when imported, and a client made before that would go to the real
endpoint."""
from __future__ import annotations

import os
from threading import Lock
from typing import Any, TypeVar, cast

from botocore import handlers
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


_shared: dict[tuple[Any, ...], tuple[Session, Any]] = {}  # key -> (botocore session, DynamoDB client)
_shared_lock = Lock()
_ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION",
                       "AWS_ACCESS_KEY_ID")


def _client_key(connection: Any) -> tuple[Any, ...]:
    return (connection.host, connection.region, connection._connect_timeout_seconds,
            connection._read_timeout_seconds, connection._max_retry_attempts_exception,
            repr(connection._retry_configuration), len(handlers.BUILTIN_HANDLERS),
            *(os.environ.get(v) for v in _ENDPOINT_VARIABLES))


def _shared_connection(cls: type[Model]) -> TableConnection:
    table = Model._get_connection.__func__(cls)  # type: ignore[attr-defined]
    connection = table.connection
    if connection._client is None:
        key = _client_key(connection)
        with _shared_lock:
            found = _shared.get(key)
            if found is None:
                connection._local.session = get_session()  # pynamodb's per-thread slot; a new one per key
                found = _shared[key] = (connection._local.session, connection.client)  # made by pynamodb
        connection._local.session, connection._client = found
    return table
