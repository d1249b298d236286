"""The bytes of the index's segments (ngram.py says what they hold).

Two kinds, one layout: a header of terms (three code points each, sorted)
with the end of each term's data, then the data.

    segment:  u32 length of the bytes below, then their raw DEFLATE
              without a final block (a sync flush: byte-aligned), so that
              a shard file's segments, laid end to end, inflate as one
              stream (the browser inflates each file once, not once per
              month: each DecompressionStream costs about 2 ms)
              u32 n        terms
              n x 3 u32    each term's code points (0-padded; bit 31 of the
                           first set for a title term), sorted
              n x u32      end of each term's data in the data bytes
              data

    lists (s/, terms of one or two characters): per term, its articles'
        block-local numbers as gaps (the first: number + 1), each a byte
        1-255, or 0 then a u16
    places (g/, terms of three characters): per term, per article that
        holds it, in order: the article's gap (as above) times two, plus
        one when the term occurs there more than once; then, if so, how
        many times; then where (gaps, the first: place + 1); all LEB128.
        (Most terms stand once in an article: a count would be a quarter
        of the bytes.)

A place is where a code point stands in the article's lines
(``ngram.lines``). Integers are little-endian. Each kind is made two ways:
from arrays for a whole block (blocks.py) and from Python values when a
block is patched (``encode_lists``, ``encode_places``): the same bytes, as
a test checks.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable


def compress(data: bytes, level: int = 6) -> bytes:
    """Raw DEFLATE, as the browser's DecompressionStream("deflate-raw") reads."""
    return zlib.compress(data, level, -15)


TEXT_LEVEL = 1  # the text files': 7 % larger than at level 6 (some 360 bytes a file), in 60 % of the time


def piece(data: bytes) -> bytes:
    """A segment of ``data``: its length, then its DEFLATE without a final block.
    Huffman codes only, no repeats looked for: a segment is small numbers
    (code points, gaps, counts) that seldom repeat as strings. Against
    the levels used before (3 for places, 6 for lists) that makes the
    places 6 % and the lists 10 % smaller, in a third less time for the
    places and two thirds less for the lists: the repeats zlib found cost
    more bits than they saved."""
    return piece_maker()(data)


def piece_maker() -> Callable[[bytes], bytes]:
    """``piece``, with one compressor for many segments: a sixth less time.
    After a sync flush a Huffman-only compressor keeps nothing of the last
    segment that its next output depends on (it looks for no repeats, its
    bit buffer is empty and its next block starts anew), so each segment
    gets the bytes a compressor of its own would give it."""
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15, 8, zlib.Z_HUFFMAN_ONLY)

    def make(data: bytes) -> bytes:
        return struct.pack("<I", len(data)) + deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)

    return make


def inflate(segment: bytes) -> bytes:
    """A segment's bytes."""
    return zlib.decompressobj(-15).decompress(segment[4:])


FINAL = b"\x03\x00"  # an empty final block: what ends the stream of a shard file's segments


def shard_file(segments: list[tuple[int, bytes]]) -> bytes:
    """A shard file from (month, segment) pairs in month order:
    u32 n, n x (u32 month, u32 deflated length, u32 length), then the n
    segments' DEFLATE and a final block: one stream."""
    head = [struct.pack("<I", len(segments))]
    head += [struct.pack("<II", month, len(seg) - 4) + seg[:4] for month, seg in segments]
    return b"".join(head + [seg[4:] for _month, seg in segments] + [FINAL])


def read_shard_file(data: bytes) -> list[tuple[int, bytes]]:
    """A shard file's (month, segment) pairs."""
    (count,) = struct.unpack_from("<I", data)
    at, out = 4 + 12 * count, []
    for i in range(count):
        month, size, length = struct.unpack_from("<III", data, 4 + 12 * i)
        out.append((month, struct.pack("<I", length) + data[at : at + size]))
        at += size
    return out


# ---- from Python values (patching a block), and back


def _row(flag: int, term: str) -> list[int]:
    row = [ord(c) for c in term] + [0] * (3 - len(term))
    row[0] |= flag << 31
    return row


def _segment(rows: list[list[int]], ends: list[int], data: bytes) -> bytes:
    points = [p for row in rows for p in row]
    return piece(struct.pack(f"<I{len(points)}I{len(ends)}I", len(rows), *points, *ends) + data)


def encode_lists(entries: dict[tuple[int, str], list[int]]) -> bytes:
    """The lists segment of ``entries`` ((flag, term) -> sorted article numbers, none empty)."""
    rows, ends, data = [], [], bytearray()
    for flag, term in sorted(entries, key=lambda key: _row(*key)):
        last = -1
        for doc in entries[(flag, term)]:
            gap = doc - last
            data += bytes((gap,)) if gap <= 255 else bytes((0, gap & 0xFF, gap >> 8))
            last = doc
        rows.append(_row(flag, term))
        ends.append(len(data))
    return _segment(rows, ends, bytes(data))


def _leb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def encode_places(entries: dict[str, dict[int, list[int]]]) -> bytes:
    """The places segment of ``entries`` (term -> article -> sorted places, none empty)."""
    rows, ends, data = [], [], bytearray()
    for term in sorted(entries, key=lambda t: _row(0, t)):
        last = -1
        for doc, places in sorted(entries[term].items()):
            many = len(places) > 1
            data += _leb(2 * (doc - last) + many) + (_leb(len(places)) if many else b"")
            data += b"".join(_leb(p - q) for p, q in zip(places, [-1, *places]))
            last = doc
        rows.append(_row(0, term))
        ends.append(len(data))
    return _segment(rows, ends, bytes(data))


def _read(segment: bytes):
    raw = inflate(segment)
    (n,) = struct.unpack_from("<I", raw)
    points = struct.unpack_from(f"<{3 * n}I", raw, 4)
    ends = struct.unpack_from(f"<{n}I", raw, 4 + 12 * n)
    data, start = raw[4 + 16 * n :], 0
    for k in range(n):
        c1, c2, c3 = points[3 * k : 3 * k + 3]
        term = "".join(chr(p) for p in (c1 & 0x7FFFFFFF, c2, c3) if p)
        yield c1 >> 31, term, data[start : ends[k]]
        start = ends[k]


def read_lists(segment: bytes) -> dict[tuple[int, str], list[int]]:
    """A lists segment as (flag, term) -> block-local article numbers."""
    out = {}
    for flag, term, data in _read(segment):
        docs, last, i = [], -1, 0
        while i < len(data):
            gap = data[i]
            if gap == 0:
                gap, i = data[i + 1] | data[i + 2] << 8, i + 3
            else:
                i += 1
            last += gap
            docs.append(last)
        out[(flag, term)] = docs
    return out


def _lebs(data: bytes):
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            yield value
            value = shift = 0


def read_places(segment: bytes) -> dict[str, dict[int, list[int]]]:
    """A places segment as term -> block-local article number -> places."""
    out = {}
    for _flag, term, data in _read(segment):
        values, docs, last = iter(list(_lebs(data))), {}, -1
        for head in values:
            last += head >> 1
            place, places = -1, []
            for _ in range(next(values) if head & 1 else 1):
                place += next(values)
                places.append(place)
            docs[last] = places
        out[term] = docs
    return out
