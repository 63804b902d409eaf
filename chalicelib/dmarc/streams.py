"""Bounded byte streams: every decompression runs through here, so no input can exceed its limits.

A `Source` is a zero-argument callable returning a fresh binary stream, so a payload can be read twice
(sniffing its head, then parsing; or a strict parse followed by a recovering one) without keeping it in memory.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import IO, BinaryIO

from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits

Source = Callable[[], BinaryIO]
CHUNK = 64 * 1024


class Budget:
    """Decompressed bytes spent across all payloads of one message."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.spent = 0

    @property
    def exhausted(self) -> bool:
        return self.spent > self.limits.max_total_bytes

    def spend(self, n: int) -> None:
        self.spent += n
        if self.spent > self.limits.max_total_bytes:
            raise LimitExceeded(
                f"the message decompresses to more than {self.limits.max_total_bytes} bytes in total"
            )


def bytes_source(data: bytes) -> Source:
    return lambda: io.BytesIO(data)


class GunzipReader(io.RawIOBase):
    """Streams the decompression of gzip data (several members allowed), ignoring trailing non-gzip bytes
    (Mimecast appends CRLF), and stops with LimitExceeded past the size or ratio limits."""

    def __init__(self, raw: BinaryIO, limits: Limits, budget: Budget) -> None:
        self._raw = raw
        self._limits = limits
        self._budget = budget
        self._z = zlib.decompressobj(31)
        self._in = b""
        self._pending = b""
        self._eof = False
        self.consumed = 0
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        want = len(buffer)
        while not self._pending and not self._eof:
            self._pending = self._inflate(max(want, CHUNK))
        n = min(want, len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _fill(self) -> bool:
        data = self._raw.read(CHUNK)
        self.consumed += len(data)
        self._in += data
        return bool(data)

    def _inflate(self, max_length: int) -> bytes:
        if not self._in and not self._fill():
            raise ReportError(ErrorKind.MALFORMED, "the gzip data is truncated (it ends before its end marker)")
        try:
            out = self._z.decompress(self._in, max_length)
        except zlib.error as exc:
            raise ReportError(ErrorKind.MALFORMED, f"the gzip data is corrupt ({exc})") from None
        self._in = self._z.unconsumed_tail
        if self._z.eof:
            self._in = self._z.unused_data + self._in
            self._next_member()
        self._account(len(out))
        return out

    def _next_member(self) -> None:
        while len(self._in) < 2 and self._fill():
            pass
        if self._in[:2] == b"\x1f\x8b":
            self._z = zlib.decompressobj(31)
        else:  # no further member: trailing bytes (if any) are ignored, as gzip(1) does
            self._eof = True

    def _account(self, n: int) -> None:
        self.produced += n
        self._budget.spend(n)
        limits = self._limits
        if self.produced > limits.max_report_bytes:
            raise LimitExceeded(f"a gzip payload decompresses to more than {limits.max_report_bytes} bytes")
        if self.produced > limits.ratio_grace_bytes and self.produced > limits.max_ratio * max(self.consumed, 1):
            raise LimitExceeded(f"a gzip payload expands more than {limits.max_ratio} times (a decompression bomb?)")

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Counted(io.RawIOBase):
    """Passes a stream through, calling `_account` with the size of every chunk it delivers."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        data = self._raw.read(min(len(buffer), CHUNK))
        n = len(data)
        buffer[:n] = data
        self.produced += n
        self._account(n)
        return n

    def _account(self, n: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._raw.close()
        super().close()


class BoundedReader(_Counted):
    """Bounds a stream that decompresses by itself (a zip member): size, ratio and the message's budget."""

    def __init__(self, raw: IO[bytes], limits: Limits, budget: Budget, compressed_size: int, what: str) -> None:
        super().__init__(raw)
        self._limits = limits
        self._budget = budget
        self._compressed = max(compressed_size, 1)
        self._what = what

    def _account(self, n: int) -> None:
        self._budget.spend(n)
        limits = self._limits
        if self.produced > limits.max_report_bytes:
            raise LimitExceeded(f"{self._what} decompresses to more than {limits.max_report_bytes} bytes")
        if self.produced > limits.ratio_grace_bytes and self.produced > limits.max_ratio * self._compressed:
            raise LimitExceeded(f"{self._what} expands more than {limits.max_ratio} times (a decompression bomb?)")


class CappedReader(_Counted):
    """Refuses to deliver more than `cap` bytes (the size limit on an XML payload that arrived uncompressed)."""

    def __init__(self, raw: IO[bytes], cap: int) -> None:
        super().__init__(raw)
        self._cap = cap

    def _account(self, n: int) -> None:
        if self.produced > self._cap:
            raise LimitExceeded(f"an XML payload is larger than {self._cap} bytes")


def capped(source: Source, cap: int) -> Source:
    def open_capped() -> BinaryIO:
        stream = source()
        if isinstance(stream, io.BytesIO):  # in memory already: its size is known, no need to count
            if len(stream.getvalue()) > cap:
                stream.close()
                raise LimitExceeded(f"an XML payload is larger than {cap} bytes")
            return stream
        return io.BufferedReader(CappedReader(stream, cap))  # type: ignore[return-value]
    return open_capped


def read_all(stream: BinaryIO, cap: int, what: str) -> bytes:
    """Reads a whole (already bounded) stream into memory; used where a format needs random access (zip)."""
    parts: list[bytes] = []
    size = 0
    with stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > cap:
                raise LimitExceeded(f"{what} is larger than {cap} bytes")
            parts.append(chunk)
    return b"".join(parts)

