"""Opaque page tokens: DynamoDB's LastEvaluatedKey as url-safe base64 JSON, checked in full when it comes back.

A token is the client's to hold, so it is untrusted input: one that does not decode, names other attributes
than the query's key attributes, carries a value of the wrong type, points at another partition or lies
outside the query's sort-key prefix raises BadToken (HTTP 400), so DynamoDB never sees a start key it would
reject (a ValidationException or SerializationException would otherwise surface as a 500)."""
from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from pynamodb.indexes import Index
from pynamodb.models import Model

from chalicelib.errors import BadToken

_TYPES = ("S", "N", "B")


def encode_token(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str | None, model: type[Model], partition: str, index: Index[Any] | None = None,
                 sort_prefix: str | None = None) -> dict[str, Any] | None:
    """The start key of a query on `model` (or its `index`) for the hash key value `partition`, optionally
    limited to sort keys starting with `sort_prefix`; None for no token. Raises BadToken."""
    if not token:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        raise BadToken() from None
    expected = _key_types(model, index)
    if not isinstance(value, dict) or set(value) != set(expected):
        raise BadToken()
    for name, kind in expected.items():
        _check_value(value[name], kind)
    keys = index or model
    hash_name, sort_name = _key_names(keys)
    if value[hash_name] != {expected[hash_name]: partition}:
        raise BadToken()
    if sort_prefix is not None and sort_name and not str(value[sort_name][expected[sort_name]]).startswith(
            sort_prefix):
        raise BadToken()
    return value


def _check_value(av: object, kind: str) -> None:
    if not isinstance(av, dict) or list(av) != [kind] or not isinstance(av[kind], str) or len(av[kind]) > 2048:
        raise BadToken()
    if kind == "N":
        try:
            Decimal(av[kind])
        except InvalidOperation:
            raise BadToken() from None


def _key_types(model: type[Model], index: Index[Any] | None) -> dict[str, str]:
    attrs = list(model.get_attributes().values())
    if index is not None:
        attrs += list(index.Meta.attributes.values())
    found = {a.attr_name: a.attr_type for a in attrs if a.is_hash_key or a.is_range_key}
    return {name: kind for name, kind in found.items() if kind in _TYPES}


def _key_names(keys: type[Model] | Index[Any]) -> tuple[str, str | None]:
    attrs = keys.Meta.attributes if isinstance(keys, Index) else keys.get_attributes()
    hash_name = next(a.attr_name for a in attrs.values() if a.is_hash_key)
    sort_name = next((a.attr_name for a in attrs.values() if a.is_range_key), None)
    return hash_name, sort_name
