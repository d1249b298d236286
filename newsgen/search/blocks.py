"""A block of the index made whole: its articles' texts as NumPy arrays,
their terms sorted, the segments' bytes laid out (segment.py says what
they hold), and its text files. This is the work the build gives its pool
(build/pool.py); only the code that makes a block whole imports this
module, as NumPy takes longer to import than an edit's whole update of
the index (which patches blocks from Python values: segment.py).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

import numpy as np

from newsgen.search import segment
from newsgen.search.articles import GROUP, Made, SearchDoc, group_maker, text_maker
from newsgen.search.ngram import FNV_OFFSET, FNV_PRIME, MIX, lines, place_shards


def make_block(members: list[SearchDoc], shards: int, body_html: Callable[[str], str]) -> Made:
    """A block made whole: its lists and places, and its text files' bytes."""
    text_of = text_maker(body_html)
    lists, places = block_segments([text_of(doc) for doc in members], [d.title for d in members], shards)
    make = group_maker(members, text_of)
    return lists, places, [make(n) for n in range((len(members) + GROUP - 1) // GROUP)]


def _mix(h):
    h = h ^ (h >> np.uint32(15))
    h = h * np.uint32(MIX)
    return h ^ (h >> np.uint32(12))


def shards_of(c1: np.ndarray, c2: np.ndarray, c3: np.ndarray, shards: int) -> np.ndarray:
    """The shard of each term (code points, 0 for none): FNV-1a over the
    three code points, mixed. uint32 arithmetic wraps, as Math.imul does."""
    with np.errstate(over="ignore"):
        h = np.full(len(c1), FNV_OFFSET, dtype=np.uint32)
        for c in (c1, c2, c3):
            h = (h ^ c.astype(np.uint32)) * np.uint32(FNV_PRIME)
        return (_mix(h) & np.uint32(shards - 1)).astype(np.int64)


def _codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The texts' lines (``lines``) as code points, a NUL after each line
    and another after each text; each position's text number; and what
    added to each position gives its place (``lines``)."""
    joined, spans, shifts, at = [], [], [], 0  # at: where the line starts in all the texts' code points
    for text in texts:
        text_lines, starts = lines(text)
        joined.append("\0".join(text_lines))
        for line, start in zip(text_lines, starts):
            spans.append(len(line) + 1)
            shifts.append(start - at)
            at += len(line) + 1
        spans[-1] += 1
        at += 1
    points = np.frombuffer(("\0\0".join(joined) + "\0\0").encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(r) + 2 for r in joined), dtype=np.int64, count=len(joined))
    owner = np.repeat(np.arange(len(joined), dtype=np.uint64), lengths)
    return points, owner, np.repeat(np.array(shifts, dtype=np.int64), np.array(spans, dtype=np.int64))


KEY_BITS = 64  # a sort key's bits (a name of its own so that tests can try the other way)
CHUNK = 1 << 19  # occurrences whose places' bytes are laid out at a time: bounds a block's memory


def _firsts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins (a mask), in a sorted array."""
    return np.concatenate([[True], values[1:] != values[:-1]])


class _Block:
    """A block's text as arrays: code points (``_codes``), each one's dense
    number (its rank in the block's alphabet, 0 for NUL) and text number."""

    def __init__(self, texts: list[str], titles: list[str]):
        self.points, self.owner, self.offset = _codes(texts)
        self.title_points, self.title_owner, _offset = _codes(titles)
        alphabet = np.sort(np.concatenate([self.points, self.title_points, np.zeros(1, np.uint32)]))
        self.alphabet = alphabet[_firsts(alphabet)]  # (np.unique is slower)
        self.bits = max(1, int(len(self.alphabet) - 1).bit_length())
        self.doc_bits = max(1, (len(texts) - 1).bit_length())
        if 1 + 3 * self.bits + self.doc_bits > 64 or len(texts) > 0xFFFF:
            raise ValueError("a block has too many distinct characters or articles to index")
        # Each code point's rank by a table (a tenth of the time of a search).
        rank = np.zeros(int(self.alphabet[-1]) + 1, dtype=np.uint64)
        rank[self.alphabet] = np.arange(len(self.alphabet), dtype=np.uint64)
        self.dense, self.title_dense = rank[self.points], rank[self.title_points]

    def grams(self, points: np.ndarray, dense: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Where each n-gram (no NUL in it) starts, and the term it is
        (three dense numbers of ``bits`` each, 0 for none)."""
        count = max(len(points) - n + 1, 0)
        # Whole shifted views first, then one gather: quicker than gathering at each offset.
        whole = points[:count] != 0
        for k in range(1, n):
            whole &= points[k : k + count] != 0
        at = np.flatnonzero(whole)
        term = dense[:count] << np.uint64(2 * self.bits)
        for k in range(1, n):
            term |= dense[k : k + count] << np.uint64((2 - k) * self.bits)
        return at, term[at]

    def points_and_shards(self, term: np.ndarray, shards: int) -> tuple[np.ndarray, np.ndarray]:
        """The n x 3 code points of distinct terms, and each one's shard."""
        points = self.points_of(term)
        return points, shards_of(points[:, 0], points[:, 1], points[:, 2], shards)

    def points_of(self, term: np.ndarray) -> np.ndarray:
        """The n x 3 code points of terms (``term``'s numbers)."""
        m = np.uint64((1 << self.bits) - 1)
        return np.stack(
            [self.alphabet[((term >> np.uint64(k * self.bits)) & m).astype(np.int64)] for k in (2, 1, 0)], axis=1
        ).astype(np.uint32)


def _lists(block: _Block, shards: int) -> dict[int, bytes]:
    """The lists' segments: per (flag, 1- or 2-gram), its articles."""
    keys = []
    db = np.uint64(block.doc_bits)
    sources = (
        (0, block.points, block.dense, block.owner),
        (1, block.title_points, block.title_dense, block.title_owner),
    )
    for flag, points, dense, owner in sources:
        for n in (1, 2):
            at, term = block.grams(points, dense, n)
            keys.append((np.uint64(flag) << np.uint64(63)) | (term << db) | owner[at])
    # One sort of the whole block (a month: a few million keys, some tens
    # of milliseconds); shards are worked out for the distinct terms only.
    key = np.concatenate(keys)
    del keys  # (a block's keys are its largest arrays: one copy at a time)
    key.sort()
    if not len(key):
        return {}
    key = key[_firsts(key)]
    term, doc = key >> db, (key & np.uint64((1 << block.doc_bits) - 1)).astype(np.int64)
    starts = np.flatnonzero(_firsts(term))
    data, begins = list_bytes(doc, starts)
    flag = (term[starts] >> np.uint64(63 - block.doc_bits)).astype(np.uint32)
    points, term_shard = block.points_and_shards(term[starts], shards)
    points[:, 0] |= flag << np.uint32(31)
    return by_shard(points, term_shard, data, begins[np.append(starts[1:], len(term))])


def _places(block: _Block, shards: int) -> dict[int, bytes]:
    """The places' segments: per 3-gram, its articles and where it stands in each."""
    at, term = block.grams(block.points, block.dense, 3)
    if not len(at):
        return {}
    doc = block.owner[at]
    place = (at + block.offset[at]).astype(np.uint64)
    # One sort key (term, article, place), unique: a plain sort then puts a
    # term's places in order. A place that needs too many bits takes a
    # stable sort of (term, article) instead.
    place_bits = max(1, int(place.max()).bit_length())
    pb, db = np.uint64(place_bits), np.uint64(block.doc_bits)
    key = (term << db) | doc
    if 3 * block.bits + block.doc_bits + place_bits <= KEY_BITS:
        key = np.sort((key << pb) | place)
        places, key = (key & np.uint64((1 << place_bits) - 1)).astype(np.int64), key >> pb
    else:
        order = np.argsort(key, kind="stable")
        key, places = key[order], place[order].astype(np.int64)
    term, docs = key >> db, (key & np.uint64((1 << block.doc_bits) - 1)).astype(np.int64)
    data, ends = _place_bytes_by_chunks(term, docs, places)
    points, term_shard = block.points_and_shards(term[_firsts(term)], shards)
    return by_shard(points, term_shard, data, ends)


def block_segments(texts: list[str], titles: list[str], shards: int) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """The segments of one block (its articles in order: full text and
    title each): shard -> compressed segment, for the lists' shards and
    the places' (``place_shards(shards)``) that have terms of the block."""
    if not texts:
        return {}, {}
    block = _Block(texts, titles)
    return _lists(block, shards), _places(block, place_shards(shards))


# ---- the segments' bytes


def leb128(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The LEB128 bytes of non-negative ``values`` (below 2**32), and the
    end of each value's bytes."""
    v = values.astype(np.uint32)
    size = 1 + (v >= 1 << 7).view(np.uint8)
    for k in (14, 21, 28):
        size += (v >= 1 << k).view(np.uint8)
    # (32-bit ends when they fit: a cumulative sum is quicker by half.)
    ends = np.cumsum(size, dtype=np.int32 if 5 * len(v) < 1 << 31 else np.int64)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    at = ends - size
    out[at] = (v.astype(np.uint8) & 0x7F) | ((size > 1).view(np.uint8) << 7)
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
    wide_at = np.flatnonzero(wide)
    at = np.arange(len(gaps)) + 2 * (np.cumsum(wide) - wide)  # each pair's first byte
    narrow = gaps.astype(np.uint8)
    narrow[wide_at] = 0  # a wide gap: 0, then its u16
    data = np.empty(len(gaps) + 2 * len(wide_at), dtype=np.uint8)
    data[at] = narrow
    data[at[wide_at] + 1] = gaps[wide_at] & 0xFF
    data[at[wide_at] + 2] = gaps[wide_at] >> 8
    return data, np.append(at, len(data))


def place_bytes(term: np.ndarray, doc: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The places' data of occurrences sorted by (term, article, place):
    the bytes, and the end of each term's bytes (terms in order)."""
    n = len(term)
    new_term = _firsts(term)
    new_pair = new_term | _firsts(doc)
    pair_at = np.flatnonzero(new_pair)
    pair_count = np.diff(np.append(pair_at, n))
    pair_doc = doc[pair_at]
    doc_gap = np.diff(pair_doc, prepend=-1)
    first_of_term = new_term[pair_at]
    doc_gap[first_of_term] = pair_doc[first_of_term] + 1
    place_gap = np.diff(place, prepend=-1)
    place_gap[pair_at] = place[pair_at] + 1
    # Values in order: per pair, its head (gap and whether it has more
    # than one place), its count if so, then its places.
    many = pair_count > 1
    slots = 1 + many + pair_count
    head = np.cumsum(slots) - slots
    values = np.empty(int(head[-1] + slots[-1]), dtype=np.uint32)  # (leb128 takes 32 bits)
    values[head] = 2 * doc_gap + many
    values[head[many] + 1] = pair_count[many]
    slot = np.arange(n) + (head + 1 + many - pair_at)[np.cumsum(new_pair) - 1]  # each place's value
    values[slot] = place_gap
    data, ends = leb128(values)
    return data, ends[slot[np.append(np.flatnonzero(new_term)[1:], n) - 1]]


def _place_bytes_by_chunks(term: np.ndarray, doc: np.ndarray, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``place_bytes`` of about CHUNK occurrences at a time, cut between
    terms (its arrays take ten times the memory of its input)."""
    datas, ends, at, done = [], [], 0, 0
    while at < len(term):
        end = min(at + CHUNK, len(term))
        end = int(np.searchsorted(term, term[end - 1], side="right"))  # the rest of the last term (term is sorted)
        data, term_ends = place_bytes(term[at:end], doc[at:end], place[at:end])
        datas.append(data)
        ends.append(term_ends + done)
        done += len(data)
        at = end
    return np.concatenate(datas), np.concatenate(ends)


def by_shard(points: np.ndarray, shard: np.ndarray, data: np.ndarray, ends: np.ndarray) -> dict[int, bytes]:
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
    index = np.int32 if total[-1] < 1 << 31 else np.int64  # (half the memory, for any block but a giant)
    where = np.repeat((starts[order] - (total - lengths)).astype(index), lengths)
    where += np.arange(int(total[-1]), dtype=index)
    moved = data[where].tobytes()
    del where
    points = points.astype("<u4")[order].tobytes()
    bounds = np.flatnonzero(np.append(_firsts(shard_sorted), True))  # each shard's first term, and the end
    # Each term's end in its shard's data, worked out for all shards at
    # once: the loop only slices bytes (a NumPy call costs more than a slice).
    firsts, ends_at = bounds[:-1], bounds[1:]
    data_starts = np.where(firsts > 0, total[firsts - 1], 0)
    term_ends = (total - np.repeat(data_starts, ends_at - firsts)).astype("<u4").tobytes()
    out, piece, count = {}, segment.piece_maker(), struct.Struct("<I").pack
    spans = zip(firsts.tolist(), ends_at.tolist(), data_starts.tolist(), total[ends_at - 1].tolist())
    for number, (left, right, start, end) in zip(shard_sorted[firsts].tolist(), spans):
        raw = b"".join(
            (count(right - left), points[12 * left : 12 * right], term_ends[4 * left : 4 * right], moved[start:end])
        )
        out[number] = piece(raw)
    return out
