"""Unpacks containers (e-mail, gzip, zip) down to report payloads, deciding by magic bytes at every level."""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message

from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.sniff import HEAD_BYTES, Kind, sniff, xml_offset
from chalicelib.dmarc.streams import BoundedReader, Budget, GunzipReader, Source, bytes_source, capped, read_all

_FAILURE_TYPES = ("message/feedback-report", "message/global-delivery-status")
_TLS_TYPES = ("application/tlsrpt+gzip", "application/tlsrpt+json")


@dataclass(frozen=True, slots=True)
class XmlPayload:
    name: str | None
    source: Source
    skip: int  # leading bytes before the document (whitespace before <?xml)


@dataclass(frozen=True, slots=True)
class JsonPayload:
    """A JSON document: an SMTP TLS report (RFC 8460), or data that is no report at all."""
    name: str | None
    source: Source


Payload = XmlPayload | JsonPayload | ReportError


class Unpacker:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.budget = Budget(limits)

    def payloads(self, source: Source, name: str | None, depth: int = 0) -> Iterator[Payload]:
        """Yields every XML / JSON payload inside `source`, or a ReportError for a part that yields none."""
        try:
            yield from self._payloads(source, name, depth)
        except ReportError as exc:
            yield exc.detached()

    def _payloads(self, source: Source, name: str | None, depth: int) -> Iterator[Payload]:
        if depth > self.limits.max_nesting:
            raise LimitExceeded(f"containers are nested more than {self.limits.max_nesting} levels deep")
        head = _head(source)
        kind = sniff(head)
        if kind is Kind.XML:
            yield XmlPayload(name, capped(source, self.limits.max_report_bytes), xml_offset(head))
        elif kind is Kind.GZIP:
            inner = _gunzip_source(source, self.limits, self.budget)
            yield from self.payloads(inner, _strip_suffix(name, ".gz"), depth + 1)
        elif kind is Kind.ZIP:
            yield from self._zip(source, name, depth)
        elif kind is Kind.EMAIL:
            yield from self._email(source, depth)
        elif kind is Kind.JSON:
            yield JsonPayload(name, source)
        elif kind is Kind.EMPTY:
            raise ReportError(ErrorKind.EMPTY, "the input is empty")
        elif kind is Kind.OTHER_ARCHIVE:
            raise ReportError(ErrorKind.UNSUPPORTED_CONTAINER,
                              "the data is a bzip2/xz/7z/rar/zstd archive; reports come as xml, gzip or zip")
        else:
            raise ReportError(ErrorKind.NOT_A_REPORT, "the data is not XML, gzip, zip or an e-mail message")

    def _zip(self, source: Source, name: str | None, depth: int) -> Iterator[Payload]:
        stream = source()
        data = stream if isinstance(stream, io.BytesIO) else io.BytesIO(
            read_all(stream, self.limits.max_message_bytes, "a zip archive inside another container"))
        try:
            archive = zipfile.ZipFile(data)
            members = [m for m in archive.infolist() if _wanted(m)]
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
            raise ReportError(ErrorKind.MALFORMED, f"the zip archive is corrupt ({str(exc)[:120]})") from None
        if len(members) > self.limits.max_zip_members:
            raise LimitExceeded(f"the zip archive has more than {self.limits.max_zip_members} members")
        if not members:
            raise ReportError(ErrorKind.EMPTY, "the zip archive holds no files")
        for member in members:
            yield from self.payloads(self._member_source(archive, member), member.filename, depth + 1)

    def _member_source(self, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Source:
        limits, budget = self.limits, self.budget
        what = f"zip member {member.filename[:80]!r}"

        def open_member() -> io.BufferedReader:
            try:
                raw = archive.open(member)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
                raise ReportError(ErrorKind.UNSUPPORTED_CONTAINER
                                  if isinstance(exc, NotImplementedError | RuntimeError) else ErrorKind.MALFORMED,
                                  f"{what} cannot be read ({str(exc)[:120]})") from None
            return io.BufferedReader(_ZipErrors(BoundedReader(raw, limits, budget, member.compress_size, what)))
        return open_member  # type: ignore[return-value]

    def _email(self, source: Source, depth: int) -> Iterator[Payload]:
        import email.policy  # brings email.headerregistry & co (~4 ms): paid by the first message, not at import

        with source() as stream:
            raw = read_all(stream, self.limits.max_message_bytes, "the e-mail message")
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        found = False
        parts = 0
        for part, nesting in _walk(message, depth):
            if nesting > self.limits.max_nesting:
                raise LimitExceeded(f"messages are nested more than {self.limits.max_nesting} levels deep")
            parts += 1
            if parts > self.limits.max_mime_parts:
                raise LimitExceeded(f"the e-mail has more than {self.limits.max_mime_parts} MIME parts")
            ctype = part.get_content_type()
            if ctype in _FAILURE_TYPES or _is_report(part, "feedback-report"):
                raise ReportError(ErrorKind.FAILURE_REPORT,
                                  "this is a DMARC failure (forensic) report, not an aggregate report")
            if part.is_multipart():
                continue
            body = part.get_payload(decode=True)
            if not isinstance(body, bytes) or not body.strip():
                continue
            kind = sniff(body[:HEAD_BYTES])
            if kind is Kind.EMAIL and ctype.startswith("text/"):
                continue
            filename = part.get_filename()
            if ctype.startswith("text/") and not filename and (ctype == "text/html" or kind is not Kind.XML) \
                    and ctype not in _TLS_TYPES:
                continue  # the human-readable body of the report e-mail
            found = True
            if kind is Kind.UNKNOWN:
                label = repr(filename[:80]) if filename else "a part"
                yield ReportError(ErrorKind.MALFORMED, f"attachment {label} (declared {ctype}) is unreadable: "
                                                       "its bytes are not XML, gzip or zip")
                continue
            yield from self.payloads(bytes_source(body), filename or None, depth + 1)
        if not found:
            raise _no_attachment(message)


class _ZipErrors(io.RawIOBase):
    """Translates zipfile's mid-stream errors (bad CRC, truncated data) into ReportError."""

    def __init__(self, raw: BoundedReader) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        try:
            return self._raw.readinto(buffer)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
            raise ReportError(ErrorKind.MALFORMED, f"a zip member is corrupt ({str(exc)[:120]})") from None

    def close(self) -> None:
        self._raw.close()
        super().close()


def _walk(message: Message, depth: int) -> Iterator[tuple[Message, int]]:
    """Like Message.walk, iteratively (no recursion limit), with the container depth of each part:
    an attached message/rfc822 counts as one more level."""
    stack = [(message, depth)]
    while stack:
        part, nesting = stack.pop()
        yield part, nesting
        if part.is_multipart():
            inner = nesting + 1 if part.get_content_type() == "message/rfc822" else nesting
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend((child, inner) for child in reversed(children) if isinstance(child, Message))


def _head(source: Source) -> bytes:
    with source() as stream:
        return stream.read(HEAD_BYTES)


def _gunzip_source(source: Source, limits: Limits, budget: Budget) -> Source:
    return lambda: io.BufferedReader(GunzipReader(source(), limits, budget))  # type: ignore[arg-type, return-value]


def _wanted(member: zipfile.ZipInfo) -> bool:
    path = member.filename
    base = path.rsplit("/", 1)[-1]
    return not (member.is_dir() or path.startswith("__MACOSX/") or "/__MACOSX/" in path or base.startswith("."))


def _strip_suffix(name: str | None, suffix: str) -> str | None:
    return name[: -len(suffix)] if name and name.lower().endswith(suffix) else name


def _is_report(part: Message, report_type: str) -> bool:
    return part.get_content_type() == "multipart/report" and part.get_param("report-type") == report_type


def _no_attachment(message: Message) -> ReportError:
    subject = str(message.get("Subject", ""))[:200].lower()
    if "forensic" in subject or "failure report" in subject or "auth-failure" in subject:
        return ReportError(ErrorKind.FAILURE_REPORT,
                           "this is a DMARC failure (forensic) report, not an aggregate report")
    return ReportError(ErrorKind.NOT_A_REPORT, "the e-mail carries no report attachment")
