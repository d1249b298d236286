"""What a long-running process keeps from one build to the next.

``newsgen serve`` builds again after every save. A build is a pure function
of the site's files, but most of what it works out equals last time's: the
files that did not change, their parses, the plan of the editions nobody
touched, the keys of their pages. A Session keeps those in memory, each
keyed or compared so that it is used only where the inputs are the same:
a session can make a build faster, never different.

The CLI builds with a fresh Session: everything then comes from the
cache folder on disk, or is worked out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsgen.build.cache import CacheState
from newsgen.build.keys import KeyMemo
from newsgen.build.plan.memo import PlanMemo
from newsgen.content.source import EditionFolder, SourceFile, rescan, scan_content


@dataclass
class Session:
    folders: list[EditionFolder] | None = None  # the last scan
    sources: dict[str, SourceFile] = field(default_factory=dict)  # its files, by path
    # What changed since the last build, as the preview's watcher saw it
    # (paths relative to the root); None: not known, look at everything.
    changed: set[str] | None = None
    state: CacheState | None = None  # parsed files as the last build left them (None: read the cache)
    file_keys: dict[str, str] = field(default_factory=dict)  # file -> its parse's key, last build
    loaded: dict = field(default_factory=dict)  # edition folder -> its last load (load.py)
    plan: PlanMemo = field(default_factory=PlanMemo)
    keys: KeyMemo = field(default_factory=KeyMemo)
    # Plan and commit even when nothing changed (the no-change shortcut
    # skips both): a server's first builds fill the memos and make the
    # output's standby copy (publish.py) before the first save needs them.
    plan_always: bool = False
    # The output folder is the session's own (the preview's, in the cache
    # folder): nobody else writes there, so once this session has built it,
    # a page whose key is unchanged is not looked at on disk again.
    owns_output: bool = False
    published: Path | None = None  # the output folder this session last built
    # One build and no more (the CLI's): once rendered, its pages' contexts
    # are dropped (280 MB at 100,000 articles, which the commit then uses).
    one_shot: bool = False

    def scan(self, root: Path, index: dict[str, tuple] | None = None) -> list[EditionFolder]:
        """The content folders: scanned again where anything may have
        changed. ``index``: the files of the last build (see scan_content)."""
        if self.folders is not None and self.changed is not None:
            folders = rescan(root, self.folders, self.changed, self.sources)
        else:
            folders = scan_content(root, self.sources, index)
        self.folders, self.changed = folders, None
        self.sources = {source.rel: source for folder in folders for source in folder.files}
        return folders
