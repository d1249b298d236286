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
names, caption, body: a line each) is folded (``fold``: NFKC, then lower
case, so that full-width and half-width forms and cases match) and each
line cut at white space into runs, joined again by NUL (``lines``); a
query term never holds white space, so it lies inside one run. Its terms:

- every distinct 1- and 2-gram, with the list of the block's articles
  that hold it (``lists``, in s/), and the title's again, as title terms;
- every 3-gram, with each article that holds it and the places where it
  stands (``places``, in g/): offsets in its line, each line's from a
  multiple of STRIDE (``lines``), so an edit moves only its line's.

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

import math
import re
import unicodedata

# White space, the same class as WS in search-engine.js (a query is cut
# there into terms; the text into runs). NUL too: it separates runs here.
WHITE = "\\x00\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
WS = re.compile(f"[{WHITE.encode().decode('unicode_escape')}]+")
FNV_OFFSET, FNV_PRIME, MIX = 2166136261, 16777619, 0x2C1B3C6D


def fold(text: str) -> str:
    """What search compares: NFKC (full-width letters and digits become
    ASCII, compatibility forms their plain ones), then lower case. The
    browser does the same (String.normalize("NFKC").toLowerCase()).
    Only the lines that change are normalized: a check costs a fiftieth
    of a normalization, and most lines of Chinese text pass it (no
    normalization reaches across a line break)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = "\n".join(
            line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
            for line in text.split("\n")
        )
    return text.lower()


def terms_of(query: str) -> list[str]:
    """A query's terms: folded, cut at white space."""
    return [t for t in WS.split(fold(query)) if t]


def shard_count(articles: int) -> int:
    """How many shard files: one per ten articles or so, 64 to 8192 (a power of two)."""
    return 1 << max(6, min(13, round(math.log2(max(articles, 1) / 10))))


def shard_of(term: str, shards: int) -> int:
    """The shard of a term of up to three characters: FNV-1a over its code
    points (0 for none), mixed, in uint32 arithmetic as Math.imul does
    (``blocks.shards_of`` computes the same for arrays of terms)."""
    h = FNV_OFFSET
    for point in [ord(c) for c in term] + [0] * (3 - len(term)):
        h = ((h ^ point) * FNV_PRIME) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * MIX) & 0xFFFFFFFF
    h ^= h >> 12
    return h & (shards - 1)


STRIDE = 256  # a line's places start at a multiple of it (``lines``)


def lines(text: str) -> tuple[list[str], list[int]]:
    """The folded text's lines, each its runs joined by NUL, and the place
    where each starts. A line's places start at a multiple of STRIDE, after
    the last line's end (and at least one place after it, so no term spans
    two lines): an edit inside a line moves the places of no other line
    (unless it makes that line take one more stride or one less), so its
    article's other 3-grams keep their places and their shard files."""
    out = ["\0".join(WS.split(line)) for line in fold(text).split("\n")]
    starts, slot = [], 0
    for line in out:
        starts.append(slot * STRIDE)
        slot += len(line) // STRIDE + 1
    return out, starts


def title_end(title: str) -> int:
    """The place after a title's last character: a place before it (less
    a term's length) is in the title, which is the text's first line(s)."""
    title_lines, starts = lines(title)
    return starts[-1] + len(title_lines[-1])


def place_shards(shards: int) -> int:
    """How many shard files the places have (they are most of the index)."""
    return 4 * shards


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
    for line, start in zip(*lines(text)):
        for i in range(len(line) - 2):
            gram = line[i : i + 3]
            if "\0" not in gram:
                out.setdefault(gram, []).append(start + i)
    return out
