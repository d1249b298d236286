"""The search engine's index: every piece of one, two or three characters
of each article's text, with the articles that contain it.

Why our own and not Pagefind: Pagefind ranks loose matches (prefixes,
words cut by a dictionary at index time and by another in the browser),
so its counts and hits are not "the articles that contain this string";
it has no incremental mode, and it needs gigabytes for a few years of a
paper. This index answers exactly, and it is made block by block (a
calendar month of articles), so an edit makes one block again.

What is indexed. An article's text (title, kicker, subtitle, byline
names, caption, body) is folded (``fold``: NFKC, then lower case, so that
full-width and half-width forms and cases match) and cut at white space
into runs; a query term never holds white space, so it lies inside one
run. Every distinct 1-, 2- and 3-gram of every run is a term, with the
list of the block's articles that contain it; the title's grams again, as
title terms (for ranking). A query term of up to three characters is
answered by its list alone. A longer one by the lists of the 3-grams that
cover it (at offsets 0, 3, 6 ... and len - 3): the articles that have
them all are candidates, and the browser keeps those whose text contains
the term (search-engine.js). Nothing here is approximate: a list holds
exactly the articles that contain its gram.

Files. Terms are spread over ``shards`` files by a hash of their code
points (``shard_of``; search-engine.js computes the same). A shard file is
a header and one segment per block that has terms in it:

    shard file:  u32 n, n x (u32 month, u32 length), then the n segments
    segment:     raw DEFLATE of
                 u32 n        terms
                 n x 3 u32    each term's code points (0-padded; bit 31 of the
                              first set for a title term), sorted: body terms
                              first, each kind by code points
                 n x u32      end of each term's list in the postings bytes
                 postings     per term, the block-local article numbers as
                              gaps (first: number + 1): a byte 1-255, or 0 then u16

All integers are little-endian. ``month`` is year * 12 + month - 1.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib

import numpy as np

# White space, the same class as WS in search-engine.js (a query is cut
# there into terms; the text into runs). NUL too: it separates runs here.
WHITE = "\\x00\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
WS = re.compile(f"[{WHITE.encode().decode('unicode_escape')}]+")
LEVEL = 6  # zlib level: the files are made once per change, fetched many times
FNV_OFFSET, FNV_PRIME = 2166136261, 16777619


def fold(text: str) -> str:
    """What search compares: NFKC (full-width letters and digits become
    ASCII, compatibility forms their plain ones), then lower case. The
    browser does the same (String.normalize("NFKC").toLowerCase())."""
    return unicodedata.normalize("NFKC", text).lower()


def terms_of(query: str) -> list[str]:
    """A query's terms: folded, cut at white space."""
    return [t for t in WS.split(fold(query)) if t]


def shard_count(articles: int) -> int:
    """How many shard files: one per ten articles or so, 64 to 8192 (a power of two)."""
    return 1 << max(6, min(13, round(np.log2(max(articles, 1) / 10))))


def _mix(h):
    h = h ^ (h >> np.uint32(15))
    h = h * np.uint32(0x2C1B3C6D)
    return h ^ (h >> np.uint32(12))


def shards_of(c1: np.ndarray, c2: np.ndarray, c3: np.ndarray, shards: int) -> np.ndarray:
    """The shard of each term (code points, 0 for none): FNV-1a over the
    three code points, mixed. uint32 arithmetic wraps, as Math.imul does."""
    with np.errstate(over="ignore"):
        h = np.full(len(c1), FNV_OFFSET, dtype=np.uint32)
        for c in (c1, c2, c3):
            h = (h ^ c.astype(np.uint32)) * np.uint32(FNV_PRIME)
        return (_mix(h) & np.uint32(shards - 1)).astype(np.int64)


def shard_of(term: str, shards: int) -> int:
    points = [ord(c) for c in term] + [0] * (3 - len(term))
    arrays = [np.array([p], dtype=np.uint32) for p in points]
    return int(shards_of(*arrays, shards)[0])


def _codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' code points, runs separated by 0 (two zeros between
    texts), and each position's text number."""
    runs = ["\0".join(WS.split(fold(text))) for text in texts]
    joined = "\0\0".join(runs) + "\0\0"
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(r) + 2 for r in runs), dtype=np.int64, count=len(runs))
    owner = np.repeat(np.arange(len(runs), dtype=np.uint64), lengths)
    return points, owner


def _keys(points, owner, alphabet, bits: int, doc_bits: int, flag: int) -> np.ndarray:
    """One sort key per gram occurrence: flag, three characters (dense
    numbers, 0 for none), article; sorting them groups each term's articles."""
    dense = np.searchsorted(alphabet, points).astype(np.uint64)
    d1, d2, d3 = dense[:-2], dense[1:-1], dense[2:]
    base = (np.uint64(flag) << np.uint64(63)) | owner[:-2]
    b, db = np.uint64(bits), np.uint64(doc_bits)
    uni = (d1 << (b + b + db)) | base
    bi = uni | (d2 << (b + db))
    tri = bi | (d3 << db)
    present = d1 != 0
    return np.concatenate([uni[present], bi[present & (d2 != 0)], tri[present & (d2 != 0) & (d3 != 0)]])


def block_segments(texts: list[str], titles: list[str], shards: int) -> dict[int, bytes]:
    """The segments of one block (its articles in order: full text and
    title each): shard -> compressed segment, for the shards it has terms in."""
    if not texts:
        return {}
    points, owner = _codes(texts)
    title_points, title_owner = _codes(titles)
    alphabet = np.sort(np.concatenate([points, title_points, np.zeros(1, np.uint32)]))
    alphabet = alphabet[np.concatenate([[True], alphabet[1:] != alphabet[:-1]])]  # (np.unique is slower)
    bits, doc_bits = max(1, int(len(alphabet) - 1).bit_length()), max(1, (len(texts) - 1).bit_length())
    if 1 + 3 * bits + doc_bits > 64 or len(texts) > 0xFFFF:
        raise ValueError("a block has too many distinct characters or articles to index")
    keys = np.concatenate(
        [
            _keys(points, owner, alphabet, bits, doc_bits, 0),
            _keys(title_points, title_owner, alphabet, bits, doc_bits, 1),
        ]
    )
    keys.sort()
    if not len(keys):
        return {}
    if len(keys) > 1:
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return _segments(keys, alphabet, bits, doc_bits, shards)


def _segments(keys, alphabet, bits: int, doc_bits: int, shards: int) -> dict[int, bytes]:
    db, m = np.uint64(doc_bits), np.uint64((1 << bits) - 1)
    term, doc = keys >> db, (keys & np.uint64((1 << doc_bits) - 1)).astype(np.int64)
    starts = np.flatnonzero(np.concatenate([[True], term[1:] != term[:-1]]))
    ends = np.append(starts[1:], len(term))
    t = term[starts]
    flag = ((t >> np.uint64(63 - doc_bits)) & np.uint64(1)).astype(np.uint32)
    c1 = alphabet[((t >> np.uint64(2 * bits)) & m).astype(np.int64)]
    c2 = alphabet[((t >> np.uint64(bits)) & m).astype(np.int64)]
    c3 = alphabet[(t & m).astype(np.int64)]
    shard = shards_of(c1, c2, c3, shards)
    # Gaps between a term's articles (the first: its number + 1), as bytes.
    gaps = np.diff(doc, prepend=-1)
    gaps[starts] = doc[starts] + 1
    wide = gaps > 255
    size = np.where(wide, 3, 1)
    at = np.cumsum(size) - size
    data = np.zeros(int(size.sum()), dtype=np.uint8)
    data[at[~wide]] = gaps[~wide]
    data[at[wide] + 1] = gaps[wide] & 0xFF
    data[at[wide] + 2] = gaps[wide] >> 8
    term_start = at[starts]
    term_len = at[ends - 1] + size[ends - 1] - term_start
    # Terms in shard order (sorted by flag and code points within a shard),
    # and their postings laid out in that order, so that a segment is slices.
    order = np.argsort(shard, kind="stable")
    shard_sorted, lengths = shard[order], term_len[order]
    total = np.cumsum(lengths)
    moved = data[np.repeat(term_start[order] - (total - lengths), lengths) + np.arange(int(total[-1]))]
    points = np.stack([c1 | (flag << np.uint32(31)), c2, c3], axis=1).astype("<u4")[order]
    bounds = np.flatnonzero(np.concatenate([[True], shard_sorted[1:] != shard_sorted[:-1], [True]]))
    out = {}
    for left, right in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        before = int(total[left - 1]) if left else 0
        ends = (total[left:right] - before).astype("<u4")
        raw = b"".join(
            (
                struct.pack("<I", right - left),
                points[left:right].tobytes(),
                ends.tobytes(),
                moved[before : int(total[right - 1])].tobytes(),
            )
        )
        out[int(shard_sorted[left])] = zlib.compress(raw, LEVEL, -15)
    return out


def encode_segment(entries: dict[tuple[int, str], list[int]]) -> bytes:
    """The segment of ``entries`` ((flag, term) -> sorted article numbers,
    none empty): the bytes block_segments makes for the same terms."""

    def sort_key(item):
        (flag, term), _docs = item
        points = [ord(c) for c in term] + [0] * (3 - len(term))
        return (flag, points)

    items = sorted(entries.items(), key=sort_key)
    points, ends, postings = [], [], bytearray()
    for (flag, term), docs in items:
        row = [ord(c) for c in term] + [0] * (3 - len(term))
        row[0] |= flag << 31
        points += row
        last = -1
        for doc in docs:
            gap = doc - last
            postings += bytes((gap,)) if gap <= 255 else bytes((0, gap & 0xFF, gap >> 8))
            last = doc
        ends.append(len(postings))
    raw = struct.pack(f"<I{len(points)}I{len(ends)}I", len(items), *points, *ends) + bytes(postings)
    return zlib.compress(raw, LEVEL, -15)


def read_segment(data: bytes) -> dict[tuple[int, str], list[int]]:
    """A segment as (flag, term) -> block-local article numbers."""
    raw = zlib.decompress(data, -15)
    (n,) = struct.unpack_from("<I", raw)
    points = struct.unpack_from(f"<{3 * n}I", raw, 4)
    ends = struct.unpack_from(f"<{n}I", raw, 4 + 12 * n)
    postings, out, i = raw[4 + 16 * n :], {}, 0
    for k in range(n):
        c1, c2, c3 = points[3 * k : 3 * k + 3]
        term = "".join(chr(p) for p in (c1 & 0x7FFFFFFF, c2, c3) if p)
        docs, last = [], -1
        while i < ends[k]:
            gap = postings[i]
            if gap == 0:
                gap, i = postings[i + 1] | postings[i + 2] << 8, i + 3
            else:
                i += 1
            last += gap
            docs.append(last)
        out[(c1 >> 31, term)] = docs
    return out


def shard_file(segments: list[tuple[int, bytes]]) -> bytes:
    """A shard file from (month, segment) pairs in month order."""
    head = [struct.pack("<I", len(segments))] + [struct.pack("<II", month, len(seg)) for month, seg in segments]
    return b"".join(head + [seg for _month, seg in segments])


def compress(data: bytes) -> bytes:
    """Raw DEFLATE, as the browser's DecompressionStream("deflate-raw") reads."""
    return zlib.compress(data, LEVEL, -15)
