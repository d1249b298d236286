"""Article files -> parsed articles and their HTML fragments, cached.

Parsing and Markdown conversion of one file are pure functions of its
bytes (and the raw-HTML policy), so their results are cached by a hash of
those and computed for cache misses only, in the process pool. The HTML
goes to the fragment store; the rest (small) to the cache state."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from . import __version__, workers
from .cache import CacheState
from .fragments import FragmentStore
from .load import ArticleFile
from .plan import FragmentInfo

STORE_BATCH = 2000


def file_key(f: ArticleFile, raw_html: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{raw_html}\0{f.rel}\0{f.date}\0".encode())
    h.update(f.raw)
    return h.hexdigest()


@dataclass
class Ingest:
    """Callable given to load_site as its ``parse_many``."""
    state: CacheState
    store: FragmentStore
    raw_html: str
    jobs: int
    infos: dict[str, FragmentInfo] = field(default_factory=dict)   # rel -> fragment facts
    used: dict[str, tuple] = field(default_factory=dict)            # the new cache state
    converted: int = 0

    def __call__(self, files: list[ArticleFile]) -> dict[str, tuple]:
        results: dict[str, tuple] = {}
        stored = self.store.keys()
        todo = []
        for f in files:
            key = file_key(f, self.raw_html)
            hit = self.state.parsed.get(key)
            if hit is not None and (hit[2] is None or hit[2].key in stored):
                self._keep(f.rel, key, hit, results)
            else:
                todo.append((key, f.rel, f.raw, f.date))
        self._convert(todo, results)
        self.state.parsed = self.used
        self.store.delete_except({entry[2].key for entry in self.used.values() if entry[2] is not None})
        return results

    def _keep(self, rel: str, key: str, entry: tuple, results: dict) -> None:
        article, problems, info = entry
        self.used[key] = entry
        results[rel] = (article, problems)
        if info is not None:
            self.infos[rel] = info

    def _convert(self, todo: list, results: dict) -> None:
        batch = []
        for key, rel, article, problems, info, html in workers.run(
                todo, workers.ingest_one, workers.init_convert, (self.raw_html,), self.jobs):
            if article is not None:
                article = replace(article, body="")    # converted: the body is in the store
            self._keep(rel, key, (article, problems, info), results)
            if html is not None:
                batch.append((info.key, html))
            if len(batch) >= STORE_BATCH:
                self.store.put_many(batch)
                batch = []
        self.store.put_many(batch)
        self.converted = len(todo)


def fragment_key(body: str, raw_html: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}\0{raw_html}\0".encode())
    h.update(body.encode("utf-8"))
    return h.hexdigest()
