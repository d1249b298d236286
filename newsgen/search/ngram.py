"""The search engine's index: the articles that hold each piece of one
or two characters, and where each piece of three characters stands in
each article that holds it.

Why our own and not Pagefind: Pagefind ranks loose matches (prefixes,
words cut by a dictionary at index time and by another in the browser),
so its counts and hits are not "the articles that contain this string";
it has no incremental mode, and it needs gigabytes for a few years of a
paper. This index answers exactly, and it is made block by block (a
calendar month of articles), so an edit makes one block again.

What is indexed. An article's text (title, kicker, subtitle, byline
names, caption, body) is folded (``fold``: NFKC, then lower case, so that
full-width and half-width forms and cases match) and cut at white space
into runs, joined again by NUL (``runs``); a query term never holds white
space, so it lies inside one run. Its terms:

- every distinct 1- and 2-gram, with the list of the block's articles
  that hold it (``lists``, in s/), and the title's again, as title terms;
- every 3-gram, with each article that holds it and the places (offsets
  in the runs) where it stands (``places``, in g/).

A query term of one or two characters is answered by its list; one of
three by its places (a title hit: a place inside the title, whose length
the catalog gives); a longer one by the places of the 3-grams that cover
it (at offsets 0, 3, 6 ... and len - 3): the articles where they stand
at those distances from one place. Nothing is approximate and no text is
read: the browser fetches a few small files per term.

Files. Terms are spread over shard files by a hash of their code points
(``shard_of``; search-engine.js computes the same), lists over ``shards``
files, places over four times as many. A shard file is a header and one
segment per block that has terms in it (segment.py has the bytes).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from newsgen.search import segment

# White space, the same class as WS in search-engine.js (a query is cut
# there into terms; the text into runs). NUL too: it separates runs here.
WHITE = "\\x00\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
WS = re.compile(f"[{WHITE.encode().decode('unicode_escape')}]+")
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


def runs(text: str) -> str:
    """The folded text's runs joined by NUL: what places count in."""
    return "\0".join(WS.split(fold(text)))


def place_shards(shards: int) -> int:
    """How many shard files the places have (they are most of the index)."""
    return 4 * shards


def _codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The texts' runs (``runs``) as code points, two NULs after each text;
    each position's text number; and where each text starts."""
    joined = [runs(text) for text in texts]
    points = np.frombuffer(("\0\0".join(joined) + "\0\0").encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(r) + 2 for r in joined), dtype=np.int64, count=len(joined))
    owner = np.repeat(np.arange(len(joined), dtype=np.uint64), lengths)
    return points, owner, np.cumsum(lengths) - lengths


PART = 1 << 18  # occurrences sorted at a time: bounds the memory a block takes
KEY_BITS = 64  # a sort key's bits (a name of its own so that tests can try the other way)


def _parts(count: int, shards: int) -> int:
    """Into how many parts (by shard; a power of two, at most ``shards``) a
    block's ``count`` occurrences are cut, each sorted and written alone."""
    parts = 1
    while parts < shards and count > parts * PART:
        parts *= 2
    return parts


def _by_part(shard: np.ndarray, shards: int):
    """The occurrences (indices) of each part, a part being the shards
    equal modulo ``_parts``; empty parts left out."""
    parts = _parts(len(shard), shards)
    if parts == 1:
        if len(shard):
            yield np.arange(len(shard))
        return
    part = (shard & (parts - 1)).astype(np.uint16)
    order = np.argsort(part, kind="stable")  # a radix sort, for 16 bits
    bounds = np.concatenate([[0], np.cumsum(np.bincount(part, minlength=parts))])
    for left, right in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        if right > left:
            yield order[left:right]


class _Block:
    """A block's text as arrays: code points (``_codes``), each one's dense
    number (its rank in the block's alphabet, 0 for NUL) and text number."""

    def __init__(self, texts: list[str], titles: list[str]):
        self.points, self.owner, self.starts = _codes(texts)
        self.title_points, self.title_owner, _starts = _codes(titles)
        alphabet = np.sort(np.concatenate([self.points, self.title_points, np.zeros(1, np.uint32)]))
        self.alphabet = alphabet[np.concatenate([[True], alphabet[1:] != alphabet[:-1]])]  # (np.unique is slower)
        self.bits = max(1, int(len(self.alphabet) - 1).bit_length())
        self.doc_bits = max(1, (len(texts) - 1).bit_length())
        if 1 + 3 * self.bits + self.doc_bits > 64 or len(texts) > 0xFFFF:
            raise ValueError("a block has too many distinct characters or articles to index")
        self.dense = np.searchsorted(self.alphabet, self.points).astype(np.uint64)
        self.title_dense = np.searchsorted(self.alphabet, self.title_points).astype(np.uint64)

    def grams(self, points: np.ndarray, dense: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where each n-gram (no NUL in it) starts, the term it is (three
        dense numbers of ``bits`` each, 0 for none) and its shard."""
        at = np.flatnonzero(points[: len(points) - n + 1] != 0)
        for k in range(1, n):
            at = at[points[at + k] != 0]
        zero = np.zeros(len(at), dtype=np.uint32)
        columns = [points[at + k] if k < n else zero for k in range(3)]
        term = np.zeros(len(at), dtype=np.uint64)
        for k in range(n):
            term |= dense[at + k] << np.uint64((2 - k) * self.bits)
        return at, term, columns

    def points_of(self, term: np.ndarray) -> np.ndarray:
        """The n x 3 code points of terms (``term``'s numbers)."""
        m = np.uint64((1 << self.bits) - 1)
        return np.stack(
            [self.alphabet[((term >> np.uint64(k * self.bits)) & m).astype(np.int64)] for k in (2, 1, 0)], axis=1
        ).astype(np.uint32)


def _lists(block: _Block, shards: int) -> dict[int, bytes]:
    """The lists' segments: per (flag, 1- or 2-gram), its articles."""
    keys, where = [], []
    db = np.uint64(block.doc_bits)
    sources = (
        (0, block.points, block.dense, block.owner),
        (1, block.title_points, block.title_dense, block.title_owner),
    )
    for flag, points, dense, owner in sources:
        for n in (1, 2):
            at, term, columns = block.grams(points, dense, n)
            keys.append((np.uint64(flag) << np.uint64(63)) | (term << db) | owner[at])
            where.append(shards_of(*columns, shards))
    key, shard = np.concatenate(keys), np.concatenate(where)
    out: dict[int, bytes] = {}
    for chosen in _by_part(shard, shards):
        mine = np.sort(key[chosen])
        mine = mine[np.concatenate([[True], mine[1:] != mine[:-1]])]
        term, doc = mine >> db, (mine & np.uint64((1 << block.doc_bits) - 1)).astype(np.int64)
        starts = np.flatnonzero(np.concatenate([[True], term[1:] != term[:-1]]))
        data, begins = segment.list_bytes(doc, starts)
        flag = (term[starts] >> np.uint64(63 - block.doc_bits)).astype(np.uint32)
        points = block.points_of(term[starts])
        term_shard = shards_of(points[:, 0], points[:, 1], points[:, 2], shards)
        points[:, 0] |= flag << np.uint32(31)
        out.update(segment.by_shard(points, term_shard, data, begins[np.append(starts[1:], len(term))], segment.LEVEL))
    return out


def _places(block: _Block, shards: int) -> dict[int, bytes]:
    """The places' segments: per 3-gram, its articles and where it stands in each."""
    at, term, columns = block.grams(block.points, block.dense, 3)
    if not len(at):
        return {}
    doc = block.owner[at]
    place = (at - block.starts[doc.astype(np.int64)]).astype(np.uint64)
    # One sort key (term, article, place), unique: a plain sort then puts a
    # term's places in order. A place that needs too many bits takes a
    # stable sort of (term, article) instead.
    place_bits = max(1, int(place.max()).bit_length())
    packed = 3 * block.bits + block.doc_bits + place_bits <= KEY_BITS
    pb, db = np.uint64(place_bits), np.uint64(block.doc_bits)
    key = (term << db) | doc
    if packed:
        key = (key << pb) | place
    out: dict[int, bytes] = {}
    for chosen in _by_part(shards_of(*columns, shards), shards):
        if packed:
            mine = np.sort(key[chosen])
            places, mine = (mine & np.uint64((1 << place_bits) - 1)).astype(np.int64), mine >> pb
        else:
            order = chosen[np.argsort(key[chosen], kind="stable")]
            mine, places = key[order], place[order].astype(np.int64)
        term, docs = mine >> db, (mine & np.uint64((1 << block.doc_bits) - 1)).astype(np.int64)
        data, ends = segment.place_bytes(term, docs, places)
        points = block.points_of(term[np.concatenate([[True], term[1:] != term[:-1]])])
        term_shard = shards_of(points[:, 0], points[:, 1], points[:, 2], shards)
        out.update(segment.by_shard(points, term_shard, data, ends, segment.PLACES_LEVEL))
    return out


def block_segments(texts: list[str], titles: list[str], shards: int) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """The segments of one block (its articles in order: full text and
    title each): shard -> compressed segment, for the lists' shards and
    the places' (``place_shards(shards)``) that have terms of the block."""
    if not texts:
        return {}, {}
    block = _Block(texts, titles)
    return _lists(block, shards), _places(block, place_shards(shards))


def list_terms(text: str, title: str) -> set[tuple[int, str]]:
    """(flag, term) of every 1- and 2-gram of the text (flag 0) and title (flag 1)."""
    out = set()
    for flag, source in ((0, text), (1, title)):
        for run in WS.split(fold(source)):
            out.update((flag, run[i : i + n]) for n in (1, 2) for i in range(len(run) - n + 1))
    return out


def place_terms(text: str) -> dict[str, list[int]]:
    """Every 3-gram of the text with its places."""
    out: dict[str, list[int]] = {}
    joined = runs(text)
    for i in range(len(joined) - 2):
        gram = joined[i : i + 3]
        if "\0" not in gram:
            out.setdefault(gram, []).append(i)
    return out
