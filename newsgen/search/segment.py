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
        holds it, in order: the article's gap (as above), how many times the
        term occurs, then where (gaps, the first: place + 1); all LEB128

A place is a code point's offset in the article's runs joined by NUL
(``ngram.runs``). Integers are little-endian. Each kind is made two ways:
from arrays for a whole block (ngram.py) and from Python values when a
block is patched (``encode_lists``, ``encode_places``): the same bytes, as
a test checks.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

# zlib levels. Lists shrink with effort (6: 6 % smaller than 3); places
# hardly (6: 1 % smaller than 3, for half as long again).
LEVEL, PLACES_LEVEL = 6, 3


def compress(data: bytes, level: int = LEVEL) -> bytes:
    """Raw DEFLATE, as the browser's DecompressionStream("deflate-raw") reads."""
    return zlib.compress(data, level, -15)


def piece(data: bytes, level: int) -> bytes:
    """A segment of ``data``: its length, then its DEFLATE without a final block."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    return struct.pack("<I", len(data)) + deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)


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


# ---- from arrays


def leb128(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The LEB128 bytes of non-negative ``values`` (below 2**32), and the
    end of each value's bytes."""
    v = values.astype(np.uint32)
    size = 1 + (v >= 1 << 7).view(np.uint8)
    for k in (14, 21, 28):
        size += (v >= 1 << k).view(np.uint8)
    ends = np.cumsum(size, dtype=np.int64)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    at = ends - size
    out[at] = (v & 0x7F) | ((size > 1).view(np.uint8) << 7)
    for k in range(1, 5):
        has = np.flatnonzero(size > k)
        if not len(has):
            break
        byte = (v[has] >> (7 * k)) & 0x7F
        out[at[has] + k] = byte | ((size[has] > k + 1).view(np.uint8) << 7)
    return out, ends


def list_bytes(doc: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lists' data of sorted (term, article) pairs (``starts``: each
    term's first pair): the bytes, and where each pair's bytes begin."""
    gaps = np.diff(doc, prepend=-1)
    gaps[starts] = doc[starts] + 1
    wide = gaps > 255
    size = np.where(wide, 3, 1)
    at = np.cumsum(size) - size
    data = np.zeros(int(size.sum()), dtype=np.uint8)
    data[at[~wide]] = gaps[~wide]
    data[at[wide] + 1] = gaps[wide] & 0xFF
    data[at[wide] + 2] = gaps[wide] >> 8
    return data, np.append(at, len(data))


def place_bytes(term: np.ndarray, doc: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The places' data of occurrences sorted by (term, article, place):
    the bytes, and the end of each term's bytes (terms in order)."""
    n = len(term)
    new_term = np.concatenate([[True], term[1:] != term[:-1]])
    new_pair = new_term | np.concatenate([[True], doc[1:] != doc[:-1]])
    pair_at = np.flatnonzero(new_pair)
    pair_count = np.diff(np.append(pair_at, n))
    pair_doc = doc[pair_at]
    doc_gap = np.diff(pair_doc, prepend=-1)
    first_of_term = new_term[pair_at]
    doc_gap[first_of_term] = pair_doc[first_of_term] + 1
    place_gap = np.diff(place, prepend=-1)
    place_gap[pair_at] = place[pair_at] + 1
    # Values in order: per pair, its gap and count, then its places.
    pair_of = np.cumsum(new_pair) - 1
    values = np.zeros(n + 2 * len(pair_at), dtype=np.int64)
    values[np.arange(n) + 2 * (pair_of + 1)] = place_gap
    head = pair_at + 2 * np.arange(len(pair_at))
    values[head], values[head + 1] = doc_gap, pair_count
    data, ends = leb128(values)
    last_of_term = np.append(np.flatnonzero(new_term)[1:], n) - 1
    return data, ends[last_of_term + 2 * (pair_of[last_of_term] + 1)]


def by_shard(points: np.ndarray, shard: np.ndarray, data: np.ndarray, ends: np.ndarray, level: int) -> dict[int, bytes]:
    """Segments by shard from terms in sorted order (``points``: n x 3
    uint32, ``ends``: the end of each term's data in ``data``): each
    shard's terms keep their order, their data laid out in it."""
    if not len(shard):
        return {}
    starts = np.concatenate([[0], ends[:-1]])
    lengths = ends - starts
    order = np.argsort(shard, kind="stable")
    shard_sorted, lengths = shard[order], lengths[order]
    total = np.cumsum(lengths)
    moved = data[np.repeat(starts[order] - (total - lengths), lengths) + np.arange(int(total[-1]))]
    points = points.astype("<u4")[order]
    bounds = np.flatnonzero(np.concatenate([[True], shard_sorted[1:] != shard_sorted[:-1], [True]]))
    out = {}
    for left, right in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        before = int(total[left - 1]) if left else 0
        term_ends = (total[left:right] - before).astype("<u4")
        raw = b"".join(
            (
                struct.pack("<I", right - left),
                points[left:right].tobytes(),
                term_ends.tobytes(),
                moved[before : int(total[right - 1])].tobytes(),
            )
        )
        out[int(shard_sorted[left])] = piece(raw, level)
    return out


# ---- from Python values (patching a block), and back


def _row(flag: int, term: str) -> list[int]:
    row = [ord(c) for c in term] + [0] * (3 - len(term))
    row[0] |= flag << 31
    return row


def _segment(rows: list[list[int]], ends: list[int], data: bytes, level: int) -> bytes:
    points = [p for row in rows for p in row]
    return piece(struct.pack(f"<I{len(points)}I{len(ends)}I", len(rows), *points, *ends) + data, level)


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
    return _segment(rows, ends, bytes(data), LEVEL)


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
            data += _leb(doc - last) + _leb(len(places))
            data += b"".join(_leb(p - q) for p, q in zip(places, [-1, *places]))
            last = doc
        rows.append(_row(0, term))
        ends.append(len(data))
    return _segment(rows, ends, bytes(data), PLACES_LEVEL)


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
        for gap in values:
            last += gap
            place, places = -1, []
            for _ in range(next(values)):
                place += next(values)
                places.append(place)
            docs[last] = places
        out[term] = docs
    return out
