"""A block's segments patched for a few edited articles: the terms an
edit took away or added, applied to the last segments of the shards they
fall in (the same bytes ``blocks.make_block`` makes for the block as it
is now, as the property tests check)."""

from __future__ import annotations

from collections.abc import Callable

from newsgen.search import ngram, segment
from newsgen.search.articles import SearchDoc

Segments = tuple[dict[int, bytes], dict[int, bytes]]  # a block's lists and places: shard -> segment
Patched = tuple[Segments, tuple[set[int], set[int]]]  # a patched block, and the shards it changed


def patch_block(
    last: Segments,
    members: list[SearchDoc],
    changed: list[int],
    old_entry: Callable[[int], tuple[str, str] | None],
    text_of: Callable[[SearchDoc], str],
    shards: int,
) -> Patched | None:
    """The block's segments from its ``last`` ones, for the ``changed``
    articles (by number), and the shards that changed. ``old_entry(n)``:
    (text, title) of article n as the last index had it; None when it
    cannot be read (the block is made whole then)."""
    list_edits: dict[int, list[tuple[tuple[int, str], int, bool]]] = {}
    place_edits: dict[int, list[tuple[str, int, list[int] | None]]] = {}
    for number in changed:
        old = old_entry(number)
        if old is None:
            return None
        text, title = text_of(members[number]), members[number].title
        after = ngram.list_terms(text, title)
        for entry in ngram.list_terms(*old) ^ after:
            list_edits.setdefault(ngram.shard_of(entry[1], shards), []).append((entry, number, entry in after))
        was, now = ngram.place_terms(old[0]), ngram.place_terms(text)
        for gram in was.keys() | now.keys():
            if was.get(gram) != now.get(gram):
                shard = ngram.shard_of(gram, ngram.place_shards(shards))
                place_edits.setdefault(shard, []).append((gram, number, now.get(gram)))
    lists = _edited(last[0], list_edits, segment.read_lists, segment.encode_lists, _edit_list)
    places = _edited(last[1], place_edits, segment.read_places, segment.encode_places, _edit_places)
    return (lists, places), (set(list_edits), set(place_edits))


def _edited(segments: dict[int, bytes], edits: dict, read, encode, apply) -> dict[int, bytes]:
    """``segments`` (shard -> segment) with ``edits`` (shard -> changes) applied."""
    out = dict(segments)
    for shard, changes in edits.items():
        entries = read(out[shard]) if shard in out else {}
        for change in changes:
            apply(entries, *change)
        if entries:
            out[shard] = encode(entries)
        else:
            out.pop(shard, None)
    return out


def _edit_list(entries: dict, term: tuple[int, str], number: int, present: bool) -> None:
    docs = set(entries.get(term, ()))
    docs.add(number) if present else docs.discard(number)
    if docs:
        entries[term] = sorted(docs)
    else:
        entries.pop(term, None)


def _edit_places(entries: dict, term: str, number: int, places: list[int] | None) -> None:
    docs = entries.setdefault(term, {})
    if places:
        docs[number] = places
    else:
        docs.pop(number, None)
    if not docs:
        del entries[term]
