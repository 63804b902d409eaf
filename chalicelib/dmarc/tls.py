"""SMTP TLS report (RFC 8460) parsing: bounded JSON bytes -> TlsReport, every field checked for its type.

Hostile input gives a ReportError, never anything else: the payload is read up to `Limits.max_json_bytes`,
nesting beyond Python's recursion limit is `limit_exceeded`, numbers longer than 18 digits, NaN and Infinity
are refused, and a value of the wrong type names its path."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.streams import Source, read_all
from chalicelib.dmarc.tls_model import POLICY_TYPES, RESULT_TYPES, TlsFailure, TlsPolicy, TlsReport

MAX_DIGITS = 18
_FAILURE_FIELDS = {
    "sending-mta-ip": "sending_mta_ip", "receiving-mx-hostname": "receiving_mx_hostname",
    "receiving-mx-helo": "receiving_mx_helo", "receiving-ip": "receiving_ip",
    "additional-information": "additional_information", "failure-reason-code": "failure_reason_code",
}


def looks_like_tls(document: object) -> bool:
    return isinstance(document, dict) and ("policies" in document or "organization-name" in document)


def parse_tls(source: Source, limits: Limits) -> TlsReport:
    with source() as stream:
        data = read_all(stream, limits.max_json_bytes, "a JSON payload")
    return parse_tls_bytes(data, limits)


def parse_tls_bytes(data: bytes, limits: Limits) -> TlsReport:
    if len(data) > limits.max_json_bytes:
        raise LimitExceeded(f"a JSON payload is larger than {limits.max_json_bytes} bytes")
    document = _load(data)
    if not looks_like_tls(document):
        raise ReportError(ErrorKind.NOT_A_REPORT, "the data is JSON, but not an SMTP TLS report")
    return _Reader(limits).report(document)


def _load(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportError(ErrorKind.MALFORMED, "the JSON is not UTF-8") from None
    try:
        return json.loads(text, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise LimitExceeded("the JSON nests too deeply to read") from None
    except ValueError as exc:  # json.JSONDecodeError included
        raise ReportError(ErrorKind.MALFORMED, f"the JSON is malformed ({str(exc)[:120]})") from None


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _constant(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON number")


class _Reader:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.warnings: list[str] = []
        self.details = 0

    def report(self, doc: dict[str, Any]) -> TlsReport:
        dates = _obj(doc, "date-range")
        begin = self.when(dates, "start-datetime")
        end = self.when(dates, "end-datetime")
        if end < begin:
            raise _invalid(f"date-range ends ({end.isoformat()}) before it starts ({begin.isoformat()})")
        contact = _text(doc, "contact-info", required=False)
        if contact is None:
            self.warnings.append("contact-info is missing")
        policies = _list(doc, "policies")
        if not policies:
            raise _invalid("policies is empty")
        read = tuple(self.policy(p, f"policies[{i}]") for i, p in enumerate(policies))
        return TlsReport(_text(doc, "organization-name") or "", _text(doc, "report-id") or "", begin, end,
                         contact, read, tuple(self.warnings))

    def policy(self, raw: object, path: str) -> TlsPolicy:
        item: dict[str, Any] = _as(raw, dict, path)
        policy = _obj(item, "policy", path)
        summary = _obj(item, "summary", path)
        kind = (_text(policy, "policy-type", path) or "").lower()
        if kind not in POLICY_TYPES:
            self.warnings.append(f"{path}: unknown policy-type {kind[:40]!r}")
        domain = (_text(policy, "policy-domain", path) or "").strip().rstrip(".").lower()
        if not domain:
            raise _invalid(f"{path}.policy.policy-domain is empty")
        failures = tuple(self.failure(f, f"{path}.failure-details[{i}]")
                         for i, f in enumerate(_list(item, "failure-details", path, required=False)))
        failed = _count(summary, "total-failure-session-count", path)
        detailed = sum(f.failed_sessions for f in failures)
        if detailed > failed:
            self.warnings.append(f"{path}: failure-details count {detailed} sessions, the summary {failed}")
        strings = tuple(self.strings(policy, "policy-string", path))
        hosts = tuple(h.lower() for h in self.strings(policy, "mx-host", path))
        return TlsPolicy(kind, domain, _count(summary, "total-successful-session-count", path), failed, strings,
                         hosts, failures)

    def failure(self, raw: object, path: str) -> TlsFailure:
        self.details += 1
        if self.details > self.limits.max_records:
            raise LimitExceeded(f"the report has more than {self.limits.max_records} failure-details")
        item: dict[str, Any] = _as(raw, dict, path)
        result = (_text(item, "result-type", path) or "").lower()
        if result not in RESULT_TYPES:
            self.warnings.append(f"{path}: unknown result-type {result[:40]!r}")
        extra = {attr: _text(item, key, path, required=False) for key, attr in _FAILURE_FIELDS.items()}
        for attr in ("receiving_mx_hostname", "receiving_mx_helo"):
            if extra[attr]:
                extra[attr] = extra[attr].rstrip(".").lower()  # type: ignore[union-attr]
        return TlsFailure(result, _count(item, "failed-session-count", path), **extra)

    def strings(self, doc: dict[str, Any], key: str, path: str) -> list[str]:
        """A list of strings; one string alone (RFC 8460's own example writes mx-host so) is read as a list."""
        if isinstance(doc.get(key), str):
            self.warnings.append(f"{path}.policy.{key} is a string, not a list")
            return [_text(doc, key, path) or ""]
        items = _list(doc, key, f"{path}.policy", required=False)
        return [_as(s, str, f"{path}.policy.{key}[{i}]") for i, s in enumerate(items)]

    def when(self, dates: dict[str, Any], key: str) -> datetime:
        raw = _text(dates, key, "date-range") or ""
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            raise _invalid(f"date-range.{key} is not an RFC 3339 date-time: {raw[:40]!r}") from None
        if moment.tzinfo is None:
            self.warnings.append(f"date-range.{key} has no time zone: read as UTC")
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def _invalid(message: str) -> ReportError:
    return ReportError(ErrorKind.INVALID_REPORT, f"SMTP TLS report: {message}")


def _as(value: object, kind: type, path: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {dict: "an object", list: "a list", str: "a string", int: "a whole number"}
        raise _invalid(f"{path} is not {names[kind]} (got {type(value).__name__})")
    return value


def _field(doc: dict[str, Any], key: str, path: str, kind: type, required: bool) -> Any:
    where = f"{path}.{key}" if path else key
    if key not in doc or doc[key] is None:
        if required:
            raise _invalid(f"{where} is missing")
        return None
    return _as(doc[key], kind, where)


def _obj(doc: dict[str, Any], key: str, path: str = "") -> dict[str, Any]:
    return _field(doc, key, path, dict, True)  # type: ignore[no-any-return]


def _list(doc: dict[str, Any], key: str, path: str = "", required: bool = True) -> list[Any]:
    return _field(doc, key, path, list, required) or []


def _text(doc: dict[str, Any], key: str, path: str = "", required: bool = True) -> str | None:
    value = _field(doc, key, path, str, required)
    if value is not None and len(value) > 64 * 1024:
        raise LimitExceeded(f"{path}.{key} is longer than 65536 characters")
    return value  # type: ignore[no-any-return]


def _count(doc: dict[str, Any], key: str, path: str) -> int:
    value: int = _field(doc, key, path, int, True)
    if value < 0:
        raise _invalid(f"{path}.{key} is negative")
    return value

