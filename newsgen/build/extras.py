"""Output files that are not tasks: the images and the search index. Each
part is made in the cache and published into a generation by hard links
(``outputs()`` names its files, ``publish(folder)`` puts them there)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

from newsgen.build import pool
from newsgen.build.cache import BuildCache
from newsgen.build.fragments import FragmentInfo, FragmentStore
from newsgen.config import SiteConfig
from newsgen.content.model import Site
from newsgen.search.articles import search_docs
from newsgen.search.index import SearchIndex
from newsgen.urls import Linker


class Extras:
    def __init__(self, *parts):
        self.parts = list(parts)

    def outputs(self) -> set[str]:
        return set().union(*(part.outputs() for part in self.parts))

    def publish(self, folder: Path) -> list[str]:
        return sorted(name for part in self.parts for name in part.publish(folder))


def search_index(
    site: Site, infos: dict[str, FragmentInfo], config: SiteConfig, cache: BuildCache, jobs: int
) -> SearchIndex:
    """The search index of the articles, made again where they changed
    (the blocks made whole in the process pool)."""
    index = SearchIndex(cache.folder)
    store = FragmentStore(cache.fragments_path, readonly=True)
    try:
        docs = search_docs(site, infos, Linker(config.base_url, config.base_path))
        index.update(docs, store.get, lambda works: pool.search_blocks(works, cache.fragments_path, jobs, store.get))
    finally:
        store.close()
    return index


def start_search_index(
    site: Site, infos: dict[str, FragmentInfo], config: SiteConfig, cache: BuildCache, jobs: int
) -> SearchIndex | BackgroundIndex:
    """``search_index``, in a forked process while this one plans and
    renders (the index needs only the loaded site), when there are cores
    for it and forking is safe (no other thread: newsgen serve has some);
    else here and now."""
    if jobs > 1 and pool.can_fork():
        return BackgroundIndex(lambda: search_index(site, infos, config, cache, jobs), cache.folder)
    return search_index(site, infos, config, cache, jobs)


class BackgroundIndex:
    """A SearchIndex being made in a forked process. The process writes the
    index's files into the cache, as search_index() does, and sends back
    their names and digests; ``outputs()`` and ``publish()`` wait for them."""

    def __init__(self, make: Callable[[], SearchIndex], cache_folder: Path):
        context = multiprocessing.get_context("fork")
        self._results, sender = context.Pipe(duplex=False)
        # Not a daemon: a daemon may not start processes (a block made whole is made in the pool).
        self._process = context.Process(target=_make_in_child, args=(make, sender, os.getpid()), name="newsgen-search")
        self._process.start()
        sender.close()
        self._cache_folder = cache_folder
        self._index: SearchIndex | None = None

    def index(self) -> SearchIndex:
        if self._index is None:
            try:
                outcome = self._results.recv()
            except EOFError:
                outcome = ("failed", f"the search index's process ended with code {self._process.exitcode}")
            self._process.join()
            if outcome[0] != "made":
                raise RuntimeError(outcome[1])
            self._index = SearchIndex(self._cache_folder)
            self._index.files, self._index.written = outcome[1], outcome[2]
        return self._index

    def outputs(self) -> set[str]:
        return self.index().outputs()

    def publish(self, folder: Path) -> list[str]:
        return self.index().publish(folder)

    def wait(self) -> None:
        """For a build that ends without the index (it failed): the process
        ends as it would have (what it made is in the cache, keyed, for the
        next build), not killed in the middle of a write."""
        self._process.join()


def _make_in_child(make: Callable[[], SearchIndex], sender, parent: int) -> None:
    pool.end_with_parent(parent)
    try:
        index = make()
        sender.send(("made", index.files, index.written))
    except BaseException as exc:  # told to the build, which reports it as its own
        sender.send(("failed", f"search index: {type(exc).__name__}: {exc}"))
    finally:
        sender.close()
