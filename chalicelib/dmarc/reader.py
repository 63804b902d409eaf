"""Entry point of the parsing package: raw message or file bytes in, aggregate reports out."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from chalicelib.dmarc.aggregate import parse_aggregate
from chalicelib.dmarc.containers import JsonPayload, Unpacker, XmlPayload
from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import DEFAULT_LIMITS, Limits
from chalicelib.dmarc.model import AggregateReport
from chalicelib.dmarc.streams import bytes_source
from chalicelib.dmarc.tls import parse_tls
from chalicelib.dmarc.tls_model import TlsReport

# When no payload gave a report, the problem shown is the most telling one.
_PRIORITY = [ErrorKind.FAILURE_REPORT, ErrorKind.TLS_REPORT, ErrorKind.LIMIT_EXCEEDED, ErrorKind.INVALID_REPORT,
             ErrorKind.MALFORMED, ErrorKind.UNSUPPORTED_CONTAINER, ErrorKind.NOT_A_REPORT, ErrorKind.EMPTY]


@dataclass(frozen=True, slots=True)
class Outcome:
    reports: tuple[AggregateReport, ...]
    problems: tuple[ReportError, ...]  # payloads (attachments, members) that yielded no report
    tls: tuple[TlsReport, ...] = ()  # SMTP TLS reports (RFC 8460) found beside or instead of aggregate ones

    @property
    def found(self) -> int:
        """Reports of either kind."""
        return len(self.reports) + len(self.tls)

    def require(self) -> tuple[AggregateReport, ...]:
        """The aggregate reports; an input holding only TLS reports raises ErrorKind.TLS_REPORT."""
        if self.reports:
            return self.reports
        raise self.main_problem()

    def main_problem(self) -> ReportError:
        if self.tls and not self.reports and not self.problems:
            return ReportError(ErrorKind.TLS_REPORT, "this is an SMTP TLS report (RFC 8460), not a DMARC report")
        if not self.problems:
            return ReportError(ErrorKind.NOT_A_REPORT, "no report was found")
        return min(self.problems, key=lambda p: _PRIORITY.index(p.kind))


def read_message(data: bytes, limits: Limits = DEFAULT_LIMITS, name: str | None = None) -> Outcome:
    """Reads a raw e-mail or a bare xml / gz / zip file. Never raises anything but ReportError-free Outcome:
    every failure is reported in `Outcome.problems`."""
    if len(data) > limits.max_message_bytes:
        problem = LimitExceeded(f"the input is larger than {limits.max_message_bytes} bytes")
        return Outcome((), (problem,))
    return _read(lambda: io.BytesIO(data), limits, name)


def read_path(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Like read_message, streaming from a file so a large bare XML report is never held in memory."""
    path = Path(path)
    if path.stat().st_size > limits.max_message_bytes:
        return Outcome((), (LimitExceeded(f"the file is larger than {limits.max_message_bytes} bytes"),))
    return _read(lambda: open(path, "rb"), limits, path.name)  # noqa: SIM115


def _read(source: Callable[[], BinaryIO], limits: Limits, name: str | None) -> Outcome:
    reports: list[AggregateReport] = []
    tls: list[TlsReport] = []
    problems: list[ReportError] = []
    unpacker = Unpacker(limits)
    try:
        for item in unpacker.payloads(source, name):
            if not isinstance(item, ReportError):
                try:
                    if isinstance(item, JsonPayload):
                        tls.append(parse_tls(item.source, limits))
                    else:
                        reports.append(_parse(item, limits))
                    continue
                except ReportError as exc:
                    item = exc.detached()
            problems.append(item)
            if item.kind is ErrorKind.LIMIT_EXCEEDED:
                break  # input that trips a safety limit is hostile or broken: nothing more of it is unpacked
    except RecursionError:
        problems.append(LimitExceeded("the input nests too deeply to read"))
    except MemoryError:
        problems.append(LimitExceeded("the input needs more memory than is available"))
    return Outcome(tuple(reports), tuple(problems), tuple(tls))


def _parse(payload: XmlPayload, limits: Limits) -> AggregateReport:
    return parse_aggregate(payload.source, limits, payload.name, payload.skip)


__all__ = ["Outcome", "read_message", "read_path", "bytes_source"]
