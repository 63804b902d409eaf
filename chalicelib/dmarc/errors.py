"""The one error type the parsing package raises, with a machine-readable kind and a message for a person."""
from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    FAILURE_REPORT = "failure_report"
    TLS_REPORT = "tls_report"
    NOT_A_REPORT = "not_a_report"
    MALFORMED = "malformed"
    UNSUPPORTED_CONTAINER = "unsupported_container"
    LIMIT_EXCEEDED = "limit_exceeded"
    EMPTY = "empty"
    INVALID_REPORT = "invalid_report"


class ReportError(Exception):
    """Input that yields no aggregate report. `kind` is stable for scripts; `message` is for people."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def detached(self) -> ReportError:
        """A copy without traceback or chained exceptions, which can pin parser and decompressor state."""
        return ReportError(self.kind, self.message)

    def __repr__(self) -> str:
        return f"ReportError({self.kind.value!r}, {self.message!r})"


class LimitExceeded(ReportError):
    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.LIMIT_EXCEEDED, message)
