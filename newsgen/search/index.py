"""The search index as build outputs: what the build gives (one SearchDoc
per article, in print order: articles.py) and the files it publishes under
search/index/, made again only where their inputs changed.

    search/index/meta.json          tiers and their shard counts, blocks (month, articles), page names
    search/index/docs.bin           per article: day, page name, title length, page number
                                    (filters, order, title hits)
    search/index/s<tier>/<shard>.bin  terms of one and two characters: their articles (ngram.py)
    search/index/g<tier>/<shard>.bin  terms of three characters: their articles and places
    search/index/t/<month>/<n>.bin  a few articles' title, link, date, page and text
                                    (the snippets of the hits shown), raw DEFLATE of JSON

Articles are numbered within their block (a calendar month of editions),
in print order. The shard files come in two tiers (tiers.py): the
newest month's ("r"), and the archive's ("a"), each with as many shards
as its articles call for; a query reads both. So a new edition, which
goes into the newest month, rewrites the small files of that tier and
leaves the archive's as they were (they are made again once a month).

Incremental by construction: a block's segments are cached under a hash
of its articles' keys (``SearchDoc.key``) and its tier's shard count; a
block whose articles are the same ones, a few of them edited, has the
segments of the shards those edits touch made again from its last ones
(patch.py; the same bytes a clean build makes, as the property tests
check); a block made whole is made by ``blocks.make_block``, in the
build's process pool. Every output file is kept in the cache folder
under the hash of its bytes and published as a hard link, so an
unchanged file is the same inode in every generation (publish.py sees
it unchanged)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.files import link_atomic, write_atomic
from newsgen.search import ngram, segment
from newsgen.search.articles import (
    FORMAT,
    GROUP,
    Made,
    SearchDoc,
    catalog,
    group_maker,
    month_of,
    text_maker,
)
from newsgen.search.patch import Patched, Segments, patch_block
from newsgen.search.tiers import described, shard_counts, tiers_of

FOLDER = "search/index/"
PATCH_LIMIT = 8  # a block with more edited articles than this is made again whole
HELD_BYTES = 128 << 20  # segments held in memory at once (a 100,000-article index has 500 MB)
BlockMaker = Callable[[list[tuple[list["SearchDoc"], int]]], Iterable[Made]]


class SearchIndex:
    """The index files of one output folder, kept in ``cache/search/``."""

    def __init__(self, cache_dir: Path):
        self.folder = Path(cache_dir) / "search"
        self.files: dict[str, str] = {}  # output -> digest of its bytes
        self.written = 0  # files made this build
        self._state_path = self.folder / "state.marshal"

    # ---- build

    def update(
        self, docs: list[SearchDoc], body_html: Callable[[str], str], make_blocks: BlockMaker | None = None
    ) -> None:
        """Make the index of ``docs`` (print order); ``body_html(key)`` gives a
        fragment's HTML; ``make_blocks`` makes blocks whole (``make_block``
        over each, in order; the build's runs them in its process pool)."""
        state = self._load_state()
        blocks: dict[int, list[SearchDoc]] = {}
        for doc in docs:
            blocks.setdefault(month_of(doc.date), []).append(doc)
        tiers = tiers_of(list(blocks))
        counts = shard_counts({month: len(members) for month, members in blocks.items()})
        shards_of = {month: counts[tier] for tier, months in tiers.items() for month in months}
        old_blocks = state.get("blocks", {})
        last = _Last(state.get("files", {}), state.get("groups", {}))
        block_keys = {month: [d.key for d in members] for month, members in blocks.items()}
        new_blocks = {
            month: (_digest((FORMAT, shards_of[month], keys)), keys, shards_of[month])
            for month, keys in block_keys.items()
        }
        segments: dict[int, Segments] = {}
        touched: dict[int, tuple[set[int], set[int]]] = {}  # month -> shards changed (lists, places)
        files: dict[str, str] = {}
        groups: dict[str, tuple[str, str]] = {}
        whole = []
        for month, members in blocks.items():
            digest, keys, shards = new_blocks[month]
            text_of = text_maker(body_html)
            if old_blocks.get(month, (None,))[0] == digest and self._has_block(digest):
                touched[month] = set(), set()
                files.update(last.texts(month, groups))  # the same articles: the same text files
                continue
            if (segs := self._load_block(digest)) is not None:
                segments[month] = segs
            elif (patched := self._patched(members, keys, shards, old_blocks.get(month), last, text_of)) is not None:
                segments[month], touched[month] = patched
                self._save_block(digest, segments[month])
            else:
                whole.append(month)
                continue
            files.update(self._text_files(month, members, keys, last, groups, group_maker(members, text_of)))
        works = [(blocks[m], shards_of[m]) for m in whole]
        made_whole = (make_blocks or _maker_here(body_html))(works) if whole else []
        held = sum(map(_size, segments.values()))
        for month, made in zip(whole, made_whole):
            digest, keys, _shards = new_blocks[month]
            self._save_block(digest, (made[0], made[1]))
            if held < HELD_BYTES:  # else read again when shard files are made
                segments[month] = made[0], made[1]
                held += _size(segments[month])
            files.update(self._text_files(month, blocks[month], keys, last, groups, made[2].__getitem__))
        tiers_now = {tier: (months, counts[tier]) for tier, months in tiers.items()}
        files.update(self._tier_files(tiers_now, state.get("tiers", {}), segments, touched, new_blocks, last))
        files.update(self._catalog_files(docs, blocks, tiers_now))
        self.files = files
        self._save_state({"format": FORMAT, "blocks": new_blocks, "tiers": tiers_now, "files": files, "groups": groups})
        self._collect(new_blocks, files)

    def _tier_files(self, tiers: dict, old_tiers: dict, segments, touched, new_blocks, last) -> dict[str, str]:
        """Every tier's shard files (tier -> (months, shard count)): spliced
        into the last ones where the tier is as it was, its blocks unchanged
        or patched; else made from its blocks' segments."""
        files = {}
        for tier, (months, shards) in tiers.items():
            spliced = None
            if old_tiers.get(tier) == (months, shards) and all(m in touched for m in months):
                spliced = self._spliced_files(tier, months, segments, touched, last)
            if spliced is None:
                digests = {month: new_blocks[month][0] for month in months}
                spliced = self._shard_files(tier, months, segments, digests, shards)
            files.update(spliced)
        return files

    def _shard_files(
        self, tier: str, months: list[int], held: dict[int, Segments], digests: dict, shards: int
    ) -> dict[str, str]:
        """Every shard file of a tier, from its blocks' segments: those
        ``held``, the others read from the cache; in as many passes over the
        shards as keep no more than HELD_BYTES of segments in memory at once."""
        sizes = [_size(held[m]) if m in held else self._block_size(digests[m]) for m in months]
        passes = max(1, min(-(-sum(sizes) // HELD_BYTES), shards))
        files = {}
        for step in range(passes):
            share = {}
            for month in months:
                segs = held.get(month) or self._load_block(digests[month]) or ({}, {})
                share[month] = [
                    _share(part, count, step, passes) for part, count in zip(segs, (shards, ngram.place_shards(shards)))
                ]
            for kind, which, count in (("s", 0, shards), ("g", 1, ngram.place_shards(shards))):
                # Every shard has its file, those with no terms too: a query never meets a 404.
                for shard in _pass_shards(count, step, passes):
                    parts = [(month, share[month][which][shard]) for month in months if shard in share[month][which]]
                    files[_shard_name(kind, tier, shard)] = self._store(segment.shard_file(parts))
        return files

    def _spliced_files(
        self, tier: str, months: list[int], segments: dict[int, Segments], touched: dict, last
    ) -> dict[str, str] | None:
        """The shard files of a tier whose blocks are the last build's, some
        of them patched: the files of untouched shards as they were; a
        touched one is its last file with the patched blocks' segments put
        in. None when a last file is gone from the cache."""
        prefixes = (_shard_folder("s", tier), _shard_folder("g", tier))
        files = {rel: digest for rel, digest in last.files.items() if rel.startswith(prefixes)}
        mine = {month: touched[month] for month in months}
        for kind, which in (("s", 0), ("g", 1)):
            for shard in sorted(set().union(*(changed[which] for changed in mine.values()))):
                rel = _shard_name(kind, tier, shard)
                try:
                    parts = dict(segment.read_shard_file(self._file(files[rel]))) if rel in files else {}
                except OSError:
                    return None
                for month, changed in mine.items():
                    if shard in changed[which]:
                        new = segments[month][which].get(shard)
                        parts.pop(month, None) if new is None else parts.update({month: new})
                files[rel] = self._store(segment.shard_file([(m, parts[m]) for m in months if m in parts]))
        return files

    def _catalog_files(self, docs: list[SearchDoc], blocks: dict[int, list], tiers: dict) -> dict[str, str]:
        names = sorted({doc.page_name for doc in docs})
        meta = {
            "format": FORMAT,
            "tiers": described({tier: shards for tier, (_months, shards) in tiers.items()}),
            "group": GROUP,
            "pages": names,
            "blocks": [[month, len(members)] for month, members in blocks.items()],
        }
        return {
            f"{FOLDER}docs.bin": self._store(segment.compress(catalog(docs, names))),
            f"{FOLDER}meta.json": self._store(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode()),
        }

    def _text_files(self, month, members, keys, last: _Last, groups, make: Callable[[int], bytes]) -> dict[str, str]:
        """The block's text files (output -> digest): unchanged ones as they
        were, others from ``make(n)`` (the bytes of the block's n-th file)."""
        files = {}
        for start in range(0, len(members), GROUP):
            rel = f"{FOLDER}t/{month}/{start // GROUP}.bin"
            group_key = _digest((FORMAT, keys[start : start + GROUP], rel))
            was = last.groups.get(rel)
            if was is not None and was[0] == group_key and (self.folder / "files" / was[1]).is_file():
                files[rel] = was[1]
            else:
                files[rel] = self._store(make(start // GROUP))
            groups[rel] = (group_key, files[rel])
        return files

    def _patched(self, members, keys, shards, old, last: _Last, text_of) -> Patched | None:
        """The block's segments patched from its last ones, when it has the
        same articles in as many shards, a few of them edited; None when it
        must be made whole."""
        if old is None or len(old[1]) != len(keys) or old[2] != shards:
            return None
        changed = [i for i, (a, b) in enumerate(zip(old[1], keys)) if a != b]
        before = self._load_block(old[0]) if len(changed) <= PATCH_LIMIT else None
        if before is None:
            return None
        month = month_of(members[0].date)
        return patch_block(before, members, changed, lambda n: self._old_entry(last.files, month, n), text_of, shards)

    def _old_entry(self, old_files, month, number) -> tuple[str, str] | None:
        """(text, title) of an article as the last index had it."""
        digest = old_files.get(f"{FOLDER}t/{month}/{number // GROUP}.bin")
        try:
            rows = json.loads(zlib.decompress((self.folder / "files" / digest).read_bytes(), -15))
            row = rows[number % GROUP]
        except (TypeError, OSError, ValueError, IndexError):
            return None
        return row[5], row[1]

    # ---- publish (the build's "extra outputs", beside the images)

    def outputs(self) -> set[str]:
        return set(self.files)

    def publish(self, out: Path) -> list[str]:
        """Every index file in ``out``, as a hard link of its cache file; the
        ones linked now. (Plain strings: an edit's build checks every file.)"""
        made, files, out_dir, folders = [], os.path.join(self.folder, "files"), os.fspath(out), set()
        for rel, digest in sorted(self.files.items()):
            source, target = os.path.join(files, digest), os.path.join(out_dir, rel)
            try:
                there = os.stat(target)
            except FileNotFoundError:  # a new file (all of them, in a cold build)
                if (folder := os.path.dirname(target)) not in folders:
                    os.makedirs(folder, exist_ok=True)
                    folders.add(folder)
                _link_new(source, target)
            else:
                if os.path.samestat(os.stat(source), there):
                    continue
                link_atomic(Path(source), Path(target))
            made.append(rel)
        return made

    # ---- the cache

    def _store(self, data: bytes) -> str:
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = os.path.join(self.folder, "files", digest)  # (a string: Path objects cost 0.5 CPU-s for a cold build)
        if not os.path.isfile(path):
            write_atomic(path, data)
            self.written += 1
        return digest

    def _has_block(self, digest: str) -> bool:
        return (self.folder / "blocks" / f"{digest}.marshal").is_file()

    def _block_size(self, digest: str) -> int:
        try:
            return (self.folder / "blocks" / f"{digest}.marshal").stat().st_size
        except OSError:
            return 0

    def _file(self, digest: str) -> bytes:
        return (self.folder / "files" / digest).read_bytes()

    def _load_block(self, digest: str) -> Segments | None:
        try:
            data = marshal.loads((self.folder / "blocks" / f"{digest}.marshal").read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return data if isinstance(data, tuple) and len(data) == 2 else None

    def _save_block(self, digest: str, segs: Segments) -> None:
        write_atomic(self.folder / "blocks" / f"{digest}.marshal", marshal.dumps(segs))

    def _load_state(self) -> dict:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            state = marshal.loads(self._state_path.read_bytes())
            if isinstance(state, dict) and state.get("format") == FORMAT:
                return state
        return {}

    def _save_state(self, state: dict) -> None:
        write_atomic(self._state_path, marshal.dumps(state))

    def _collect(self, blocks: dict, files: dict) -> None:
        """Forget cache entries this index no longer uses (published links keep their bytes)."""
        keep_blocks = {f"{entry[0]}.marshal" for entry in blocks.values()}
        keep_files = set(files.values())
        for folder, keep in ((self.folder / "blocks", keep_blocks), (self.folder / "files", keep_files)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name not in keep:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


@dataclass(frozen=True)
class _Last:
    """What the last build's index had: output -> digest; text file -> (key, digest)."""

    files: dict[str, str]
    groups: dict[str, tuple[str, str]]
    by_month: dict[str, dict[str, tuple[str, str]]] = field(init=False)  # ``groups`` by their folder's month

    def __post_init__(self) -> None:
        by_month: dict[str, dict[str, tuple[str, str]]] = {}
        for rel, group in self.groups.items():  # rel: search/index/t/<month>/<n>.bin
            by_month.setdefault(rel[len(FOLDER) + 2 :].split("/", 1)[0], {})[rel] = group
        object.__setattr__(self, "by_month", by_month)

    def texts(self, month: int, groups: dict[str, tuple[str, str]]) -> dict[str, str]:
        """The block's text files as they were (output -> digest), also put in ``groups``."""
        mine = self.by_month.get(str(month), {})
        groups.update(mine)
        return {rel: digest for rel, (_key, digest) in mine.items()}


def _maker_here(body_html: Callable[[str], str]) -> BlockMaker:
    """Blocks made whole in this process, one after the other."""
    from newsgen.search.blocks import make_block  # NumPy: only when a block is made whole (see blocks.py)

    return lambda works: (make_block(members, shards, body_html) for members, shards in works)


def _size(segs: Segments) -> int:
    return sum(sum(map(len, part.values())) for part in segs)


def _share(part: dict[int, bytes], count: int, step: int, passes: int) -> dict[int, bytes]:
    """The segments of ``part`` whose shard (of ``count``) falls in pass ``step``."""
    if passes == 1:
        return part
    shards = _pass_shards(count, step, passes)
    return {shard: data for shard, data in part.items() if shard in shards}


def _pass_shards(count: int, step: int, passes: int) -> range:
    """The shards (of ``count``) that pass ``step`` of ``passes`` makes."""
    return range(count * step // passes, count * (step + 1) // passes)


def _shard_folder(kind: str, tier: str) -> str:
    return f"{FOLDER}{kind}{tier}/"


def _shard_name(kind: str, tier: str, shard: int) -> str:
    return f"{_shard_folder(kind, tier)}{shard:04x}.bin"


def _digest(value) -> str:
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).hexdigest()


def _link_new(source: str, target: str) -> None:
    """``target``, where no file is, becomes a link of ``source``: the link
    appears in one step, so it needs no temporary name (link_atomic's)."""
    try:
        os.link(source, target)
    except OSError:  # another file system, or a file came meanwhile
        link_atomic(Path(source), Path(target))
