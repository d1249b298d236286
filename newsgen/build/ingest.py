"""Article files -> parsed articles and their HTML fragments, cached.

Parsing and Markdown conversion of one file are pure functions of its
bytes (and the raw-HTML policy), so their results are cached by a hash of
those and computed for cache misses only, in the process pool. The HTML
goes to the fragment store; the rest (small) to the cache state."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from newsgen.build import pool
from newsgen.build.cache import CacheState
from newsgen.build.fragments import FragmentInfo, FragmentStore
from newsgen.codeid import CODE_ID
from newsgen.content.load import ArticleFile, Parser
from newsgen.content.model import MarkdownOptions

STORE_BATCH = 2000


def key_prefix(markdown_key: str):
    """A hasher primed with what every file key shares; copied per file."""
    return hashlib.blake2b(f"{CODE_ID}\0{markdown_key}\0".encode(), digest_size=16)


def file_key(rel: str, digest: bytes, prefix) -> str:
    h = prefix.copy()
    h.update(rel.encode() + b"\0" + digest)
    return h.hexdigest()


@dataclass
class Ingest(Parser):
    """The parser the build gives to load_site: cached and parallel."""

    state: CacheState
    store: FragmentStore
    markdown: MarkdownOptions
    jobs: int
    progress: Callable[[str, int, int], None] = lambda phase, done, total: None
    infos: dict[str, FragmentInfo] = field(default_factory=dict)  # rel -> fragment facts
    used: dict[str, tuple] = field(default_factory=dict)  # the new cache state
    converted: int = 0

    editions: dict[str, tuple] = field(default_factory=dict)  # the new edition cache
    file_keys: dict[str, str] = field(default_factory=dict)  # rel -> the key its parse is cached under
    last_keys: dict[str, str] = field(default_factory=dict)  # file_keys of the last build (a session's)
    _stored: set[str] | None = None

    def stored(self) -> set[str]:
        """The keys of the fragment store, read once."""
        if self._stored is None:
            self._stored = self.store.keys()
        return self._stored

    def reuse(self, folder) -> bool:
        """The folder's files are those the last build loaded (same scan
        objects): keep their cached parses under the keys it used."""
        rels = [a.rel for a in folder.articles]
        keys = [self.last_keys.get(rel) for rel in rels]
        entries = [self.state.parsed.get(key) for key in keys]
        edition_key = self.last_keys.get(folder.edition.rel) if folder.edition else None
        edition = self.state.editions.get(edition_key) if edition_key else None
        if edition is None or edition_key is None or not all(self._usable(entry) for entry in entries):
            return False
        self.editions[edition_key] = edition
        self.file_keys[folder.edition.rel] = edition_key
        for rel, key, entry in zip(rels, keys, entries):
            assert key is not None and entry is not None  # usable entries only
            self._keep(rel, key, entry, {})
        return True

    def edition(self, raw: bytes, rel: str, date) -> tuple:
        key = hashlib.blake2b(f"{CODE_ID}\0{rel}\0".encode() + raw, digest_size=16).hexdigest()
        hit = self.state.editions.get(key)
        if hit is None:
            hit = super().edition(raw, rel, date)
        self.editions[key] = hit
        self.file_keys[rel] = key
        return hit

    def articles(self, files: list[ArticleFile]) -> dict[str, tuple]:
        results: dict[str, tuple] = {}
        todo = []
        prefix = key_prefix(self.markdown.key)
        for f in files:
            key = file_key(f.rel, f.source.digest, prefix)
            hit = self.state.parsed.get(key)
            if hit is not None and self._usable(hit):
                self._keep(f.rel, key, hit, results)
                continue
            # The worker reads the file: this process holds none of the bytes (450 MB for a cold
            # build of 100,000 articles), and it hashes what it parsed (the file may have changed
            # since the scan: the parse is cached under the bytes it was made from).
            todo.append((f.rel, f.source.path, f.date))
        self._convert(todo, results, prefix)
        return results

    def new_state(self) -> CacheState:
        """The cache as this build leaves it: only what it used."""
        self.store.delete_except({entry[2].key for entry in self.used.values() if entry[2] is not None}, self.stored())
        return CacheState(parsed=self.used, editions=self.editions)

    def _usable(self, entry: tuple | None) -> bool:
        """A cached parse whose HTML (if any) is still in the fragment store."""
        return entry is not None and (entry[2] is None or entry[2].key in self.stored())

    def _keep(self, rel: str, key: str, entry: tuple, results: dict) -> None:
        article, problems, info = entry
        self.used[key] = entry
        self.file_keys[rel] = key
        results[rel] = (article, problems)
        if info is not None:
            self.infos[rel] = info

    def _convert(self, todo: list, results: dict, prefix) -> None:
        batch = []
        converted = pool.run(todo, pool.ingest_one, pool.init_convert, (self.markdown,), self.jobs)
        for done, (digest, rel, article, problems, info, html) in enumerate(converted, 1):
            self.progress("convert", done, len(todo))
            self._keep(rel, file_key(rel, digest, prefix), (article, problems, info), results)
            if html is not None:
                batch.append((info.key, html))
            if len(batch) >= STORE_BATCH:
                self.store.put_many(batch)
                batch = []
        self.store.put_many(batch)
        self.converted = len(todo)
