"""Output files that are not tasks: the images and the search index. Each
part is made in the cache and published into a generation by hard links
(``outputs()`` names its files, ``publish(folder)`` puts them there)."""

from __future__ import annotations

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
