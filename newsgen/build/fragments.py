"""The fragment store: article HTML by content key, in one SQLite file in
the cache folder. Workers open it read-only; only the main process writes.
Also what list pages know of a fragment (FragmentInfo) and its key."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsgen.codeid import CODE_ID


@dataclass(frozen=True, slots=True)
class FragmentInfo:
    """What list pages need to know of an article's body."""

    key: str  # the fragment's cache key (its HTML is fetched when rendering)
    summary: str
    chars: int
    images: tuple[tuple[str, str, int], ...] = ()  # (ref, alt, line in the body) of body images


def fragment_key(body: str, markdown_key: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{CODE_ID}\0{markdown_key}\0".encode())
    h.update(body.encode("utf-8"))
    return h.hexdigest()


class FragmentStore:
    def __init__(self, path: Path, readonly: bool = False):
        self.path = path
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS fragment (key TEXT PRIMARY KEY, html TEXT NOT NULL)")

    def get(self, key: str) -> str:
        row = self.db.execute("SELECT html FROM fragment WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(f"fragment {key} missing from {self.path}")
        return row[0]

    def keys(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT key FROM fragment")}

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO fragment (key, html) VALUES (?, ?)", items)

    def delete_except(self, keep: set[str], known: set[str] | None = None) -> None:
        """Delete every fragment but ``keep``; ``known``: the keys as read before."""
        stale = (self.keys() if known is None else known) - keep
        if not stale:
            return
        with self.db:
            self.db.executemany("DELETE FROM fragment WHERE key = ?", ((k,) for k in stale))

    def close(self) -> None:
        self.db.close()
