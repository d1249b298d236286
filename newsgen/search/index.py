"""The search index as build outputs: what the build gives (one SearchDoc
per article, in print order) and the files it publishes under
search/index/, made again only where their inputs changed.

    search/index/meta.json          shard count, blocks (month, articles), page names
    search/index/docs.bin           per article: day, page number, page name (filters, order)
    search/index/s/<shard>.bin      the terms (ngram.py)
    search/index/t/<month>/<n>.bin  eight articles' title, link, date, page and text
                                    (snippets; checking long terms), raw DEFLATE of JSON

Articles are numbered within their block (a calendar month of editions),
in print order. Incremental by construction: a block's segments are
cached under a hash of its articles' keys (``SearchDoc.key``); a block
whose articles are the same ones, a few of them edited, has the segments
of the shards those edits touch made again from its last ones
(``ngram.encode_segment``; the same bytes a clean build makes, as the
property tests check). Every output file is kept in the cache folder under
the hash of its bytes and published as a hard link, so an unchanged file
is the same inode in every generation (publish.py sees it unchanged)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import marshal
import os
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path

from newsgen.files import link_atomic, write_atomic
from newsgen.search import ngram

FORMAT = "newsgen-search-1"
FOLDER = "search/index/"
GROUP = 8  # articles per text file
PATCH_LIMIT = 8  # a block with more edited articles than this is made again whole
EPOCH = dt.date(1970, 1, 1)
# Tags that end a run of text (any other, such as em or a, may sit inside a word).
BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|br|hr|tr|td|th|table|caption|figure|figcaption"
    r"|blockquote|section|header|footer|article|aside|nav|pre|picture|img)\b[^>]*>",
    re.I,
)
ANY_TAG = re.compile(r"<[^>]*>")
BLANK_LINES = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class SearchDoc:
    """An article as search knows it (plain data)."""

    date: dt.date
    page: int
    page_label: str  # 第03版
    page_name: str  # 要闻
    url: str
    title: str
    fields: tuple[str, ...]  # kicker, subtitle, byline names, caption: indexed with the title and body
    fragment: str  # the key of its body's HTML in the fragment store

    @property
    def key(self) -> bytes:
        return hashlib.blake2b(
            marshal.dumps((FORMAT, astuple(self)[1:], self.date.toordinal()), 2), digest_size=16
        ).digest()


def body_text(fragment_html: str) -> str:
    """The text a reader sees in a body, one line per block."""
    text = html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", fragment_html)))
    return BLANK_LINES.sub("\n", text).strip()


def doc_text(doc: SearchDoc, body: str) -> str:
    """The indexed text: title, the other fields, the body, a line each."""
    return "\n".join(part for part in (doc.title, *doc.fields, body) if part)


def month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


class SearchIndex:
    """The index files of one output folder, kept in ``cache/search/``."""

    def __init__(self, cache_dir: Path):
        self.folder = Path(cache_dir) / "search"
        self.files: dict[str, str] = {}  # output -> digest of its bytes
        self.written = 0  # files made this build
        self._state_path = self.folder / "state.marshal"

    # ---- build

    def update(self, docs: list[SearchDoc], body_html: Callable[[str], str]) -> None:
        """Make the index of ``docs`` (print order); ``body_html(key)`` gives a fragment's HTML."""
        state = self._load_state()
        shards = ngram.shard_count(len(docs))
        blocks: dict[int, list[SearchDoc]] = {}
        for doc in docs:
            blocks.setdefault(month_of(doc.date), []).append(doc)
        old_blocks = state.get("blocks", {}) if state.get("shards") == shards else {}
        old_files = state.get("files", {})
        new_blocks, segments, files, groups = {}, {}, {}, {}
        texts: dict[bytes, str] = {}

        def text_of(doc: SearchDoc) -> str:
            key = doc.key
            if key not in texts:
                texts[key] = doc_text(doc, body_text(body_html(doc.fragment)) if doc.fragment else "")
            return texts[key]

        for month, members in blocks.items():
            keys = [doc.key for doc in members]
            digest = _digest((FORMAT, shards, keys))
            segs = self._load_block(digest)
            if segs is None:
                segs = self._make_block(members, keys, shards, old_blocks.get(month), old_files, text_of)
                self._save_block(digest, segs)
            new_blocks[month] = (digest, keys)
            segments[month] = segs
            for start in range(0, len(members), GROUP):
                rel = f"{FOLDER}t/{month}/{start // GROUP}.bin"
                group_key = _digest((FORMAT, keys[start : start + GROUP], rel))
                last = state.get("groups", {}).get(rel)
                if last is not None and last[0] == group_key and (self.folder / "files" / last[1]).is_file():
                    files[rel] = last[1]
                else:
                    files[rel] = self._store(ngram.compress(_group_json(members[start : start + GROUP], text_of)))
                groups[rel] = (group_key, files[rel])
        for shard in range(shards):
            parts = [(month, segments[month][shard]) for month in blocks if shard in segments[month]]
            if parts:
                files[f"{FOLDER}s/{shard:04x}.bin"] = self._store(ngram.shard_file(parts))
        names = sorted({doc.page_name for doc in docs})
        files[f"{FOLDER}docs.bin"] = self._store(ngram.compress(_catalog(docs, names)))
        meta = {
            "format": FORMAT,
            "shards": shards,
            "group": GROUP,
            "pages": names,
            "blocks": [[month, len(members)] for month, members in blocks.items()],
        }
        files[f"{FOLDER}meta.json"] = self._store(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode())
        self.files = files
        self._save_state({"format": FORMAT, "shards": shards, "blocks": new_blocks, "files": files, "groups": groups})
        self._collect(new_blocks, files)

    def _make_block(self, members, keys, shards, old, old_files, text_of) -> dict[int, bytes]:
        if old is not None and len(old[1]) == len(keys):
            changed = [i for i, (a, b) in enumerate(zip(old[1], keys)) if a != b]
            last = self._load_block(old[0]) if len(changed) <= PATCH_LIMIT else None
            if last is not None:
                patched = self._patch(last, members, changed, old_files, text_of, shards)
                if patched is not None:
                    return patched
        return ngram.block_segments([text_of(d) for d in members], [d.title for d in members], shards)

    def _patch(self, last, members, changed, old_files, text_of, shards) -> dict[int, bytes] | None:
        """The block's segments from its last ones, for ``changed`` articles
        (by number); None when an old text cannot be read (made whole then)."""
        month = month_of(members[0].date)
        edits: dict[int, list[tuple[tuple[int, str], bool, int]]] = {}
        for number in changed:
            old = self._old_entry(old_files, month, number)
            if old is None:
                return None
            before = _grams(old[0], old[1])
            after = _grams(text_of(members[number]), members[number].title)
            for entry in before ^ after:
                shard = ngram.shard_of(entry[1], shards)
                edits.setdefault(shard, []).append((entry, entry in after, number))
        result = dict(last)
        for shard, changes in edits.items():
            entries = ngram.read_segment(result[shard]) if shard in result else {}
            for entry, present, number in changes:
                docs = set(entries.get(entry, ()))
                docs.add(number) if present else docs.discard(number)
                if docs:
                    entries[entry] = sorted(docs)
                else:
                    entries.pop(entry, None)
            if entries:
                result[shard] = ngram.encode_segment(entries)
            else:
                result.pop(shard, None)
        return result

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
        """Every index file in ``out``, as a hard link of its cache file; the ones linked now."""
        made = []
        for rel, digest in sorted(self.files.items()):
            source, target = self.folder / "files" / digest, Path(out) / rel
            try:
                if os.path.samestat(os.stat(source), os.stat(target)):
                    continue
            except FileNotFoundError:
                pass
            made.append(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            link_atomic(source, target)
        return made

    # ---- the cache

    def _store(self, data: bytes) -> str:
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        path = self.folder / "files" / digest
        if not path.is_file():
            write_atomic(path, data)
            self.written += 1
        return digest

    def _load_block(self, digest: str) -> dict | None:
        try:
            data = marshal.loads((self.folder / "blocks" / f"{digest}.marshal").read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    def _save_block(self, digest: str, segs: dict) -> None:
        write_atomic(self.folder / "blocks" / f"{digest}.marshal", marshal.dumps(segs))

    def _load_state(self) -> dict:
        try:
            state = marshal.loads(self._state_path.read_bytes())
            if isinstance(state, dict) and state.get("format") == FORMAT:
                return state
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return {}

    def _save_state(self, state: dict) -> None:
        write_atomic(self._state_path, marshal.dumps(state))

    def _collect(self, blocks: dict, files: dict) -> None:
        """Forget cache entries this index no longer uses (published links keep their bytes)."""
        keep_blocks = {f"{digest}.marshal" for digest, _keys in blocks.values()}
        keep_files = set(files.values())
        for folder, keep in ((self.folder / "blocks", keep_blocks), (self.folder / "files", keep_files)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name not in keep:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass


def _grams(text: str, title: str) -> set[tuple[int, str]]:
    """(flag, gram) of every 1-3 gram of the text (flag 0) and title (flag 1)."""
    out = set()
    for flag, source in ((0, text), (1, title)):
        for run in ngram.WS.split(ngram.fold(source)):
            for n in (1, 2, 3):
                out.update((flag, run[i : i + n]) for i in range(len(run) - n + 1))
    return out


def _group_json(members: list[SearchDoc], text_of) -> bytes:
    rows = [[d.url, d.title, d.date.isoformat(), d.page_label, d.page_name, text_of(d)] for d in members]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def _catalog(docs: list[SearchDoc], names: list[str]) -> bytes:
    """Columns: u16 day (since 1970), u16 page name number, u8 page number."""
    number = {name: i for i, name in enumerate(names)}
    days = [(d.date - EPOCH).days for d in docs]
    return (
        struct.pack(f"<{len(docs)}H", *days)
        + struct.pack(f"<{len(docs)}H", *(number[d.page_name] for d in docs))
        + bytes(min(d.page, 255) for d in docs)
    )


def _digest(value) -> str:
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=16).hexdigest()


def search_docs(site, fragments: dict, linker) -> list[SearchDoc]:
    """Every article of the site, in print order (oldest edition first)."""
    from newsgen.urls import article_path

    docs = []
    for content in site.editions:
        edition = content.edition
        for article in content.articles:
            page = edition.page(article.page)
            info = fragments.get(article.source)
            docs.append(
                SearchDoc(
                    date=article.date,
                    page=article.page,
                    page_label=page.label if page else "",
                    page_name=page.name if page else "",
                    url=linker.url(article_path(article.date, article.slug)),
                    title=article.title,
                    fields=(
                        article.kicker,
                        article.subtitle,
                        " ".join(c.name for c in article.byline),
                        article.caption,
                    ),
                    fragment=info.key if info else "",
                )
            )
    return docs
