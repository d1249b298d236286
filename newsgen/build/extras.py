"""Output files that are not tasks: the images and the search index. Each
part is made in the cache and published into a generation by hard links
(``outputs()`` names its files, ``publish(folder)`` puts them there)."""

from __future__ import annotations

from pathlib import Path

from newsgen.build.cache import BuildCache
from newsgen.build.fragments import FragmentInfo, FragmentStore
from newsgen.config import SiteConfig
from newsgen.content.model import Site
from newsgen.search.index import SearchIndex, search_docs
from newsgen.urls import Linker


class Extras:
    def __init__(self, *parts):
        self.parts = list(parts)

    def outputs(self) -> set[str]:
        return set().union(*(part.outputs() for part in self.parts))

    def publish(self, folder: Path) -> list[str]:
        return sorted(name for part in self.parts for name in part.publish(folder))


def search_index(site: Site, infos: dict[str, FragmentInfo], config: SiteConfig, cache: BuildCache) -> SearchIndex:
    """The search index of the articles, made again where they changed."""
    index = SearchIndex(cache.folder)
    store = FragmentStore(cache.fragments_path, readonly=True)
    try:
        index.update(search_docs(site, infos, Linker(config.base_url, config.base_path)), store.get)
    finally:
        store.close()
    return index
