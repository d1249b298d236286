"""Scan the site root and split article files into front matter and body."""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = "content"
EDITION_FILE = "edition.yaml"
RACY_NS = 1_000_000_000


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file as the scan found it. Its bytes are not kept: a
    cold build of 100,000 articles would hold 450 MB of them to the end;
    the load reads again the few whose parse the cache lacks."""

    rel: str  # relative to the site root, forward slashes
    digest: bytes  # hash of the bytes
    stat: tuple | None  # (size, mtime_ns, ctime_ns, inode) when read; None if it had just changed
    path: str = ""  # where to read it
    read_at_scan: bool = True  # False: known by its stat (the last build's index), not read

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            return f.read()


@dataclass(frozen=True, slots=True)
class EditionFolder:
    name: str  # the folder name: 2024-01-10
    edition: SourceFile | None  # its edition.yaml, if any
    articles: tuple[SourceFile, ...]  # its *.md files, sorted by name

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return ((self.edition,) if self.edition else ()) + self.articles


def scan_content(
    root: Path, known: dict[str, SourceFile] | None = None, index: dict[str, tuple] | None = None
) -> list[EditionFolder]:
    """Every folder under content/, sorted, with its files sorted by name.

    Symlinked folders and files are not followed: content is what is in
    the tree, and nothing outside it can be pulled in by a link.

    ``known``: files of an earlier scan by path (newsgen serve keeps them);
    ``index``: path -> (stat, digest) of an earlier build's files (the
    CLI's, from the cache). A file whose size, mtime, ctime and inode are
    unchanged is taken as it was, not read (an indexed one is read only
    if a later phase needs its bytes); ctime cannot be set back by any
    tool, so a rewritten file always shows."""
    known = known if known is not None else {}
    index = index if index is not None else {}
    return [_scan_edition_folder(entry.name, entry.path, known, index) for entry in _edition_dirs(root)]


def _edition_dirs(root: Path) -> list[os.DirEntry]:
    """The folders under content/ by name, hidden ones and symlinks left out."""
    try:
        entries = sorted(os.scandir(root / CONTENT_DIR), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    return [e for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]


def rescan(
    root: Path, last: list[EditionFolder], changed: set[str], known: dict[str, SourceFile]
) -> list[EditionFolder]:
    """``scan_content`` redone only in the edition folders that ``changed``
    (paths relative to the root, as the preview's watcher reports them)
    names: the others are taken from ``last`` as they were."""
    touched = set()
    for path in changed:
        parts = path.split("/")
        if parts[0] == CONTENT_DIR:
            if len(parts) == 1:
                return scan_content(root, known)
            touched.add(parts[1])
    if not touched:
        return last
    before = {folder.name: folder for folder in last}
    return [
        before[e.name]
        if e.name in before and e.name not in touched
        else _scan_edition_folder(e.name, e.path, known, {})
        for e in _edition_dirs(root)
    ]


def _scan_edition_folder(
    name: str, folder: str, known: dict[str, SourceFile], index: dict[str, tuple]
) -> EditionFolder:
    edition = None
    articles = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_file(follow_symlinks=False) or entry.name.startswith("."):
            continue
        rel = f"{CONTENT_DIR}/{name}/{entry.name}"
        if entry.name == EDITION_FILE:
            edition = _source(rel, entry, known, index)
        elif entry.name.endswith(".md"):
            articles.append(_source(rel, entry, known, index))
    return EditionFolder(name, edition, tuple(articles))


def _source(rel: str, entry: os.DirEntry, known: dict[str, SourceFile], index: dict[str, tuple]) -> SourceFile:
    if known or index:
        st = entry.stat(follow_symlinks=False)
        stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        last = known.get(rel)
        if last is not None and last.stat == stat:
            return last
        indexed = index.get(rel)
        if indexed is not None and indexed[0] == stat:
            return SourceFile(rel, indexed[1], stat, entry.path, read_at_scan=False)
    with open(entry.path, "rb") as f:
        st = os.fstat(f.fileno())
        raw = f.read()
    # File times tick in steps of a few milliseconds: a second save in the
    # same step as the read would leave the stat as it was. A file changed
    # in the last second is therefore never recognised by its stat (git's
    # "racily clean" rule); the next scan reads it again.
    settled = st.st_ctime_ns < time.time_ns() - RACY_NS
    return SourceFile(
        rel,
        hashlib.blake2b(raw, digest_size=16).digest(),
        (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if settled else None,
        entry.path,
    )


def source_index(folders: list[EditionFolder]) -> dict[str, tuple]:
    """path -> (stat, digest) of the files whose stat can be trusted next time."""
    return {
        source.rel: (source.stat, source.digest)
        for folder in folders
        for source in folder.files
        if source.stat is not None
    }


def fingerprint(folders: list[EditionFolder], root: Path, *extra: bytes) -> str:
    """A hash of every input of a build: content files, the stat of every
    file under images/ and whatever else the caller passes (config bytes,
    theme digest, options). Equal fingerprints mean an equal plan."""
    h = hashlib.blake2b(digest_size=16)
    for part in extra:
        h.update(part + b"\0")
    for folder in folders:
        for source in folder.files:
            h.update(source.rel.encode() + b"\0" + source.digest)
    for dirpath, dirnames, filenames in os.walk(root / "images"):
        dirnames.sort()
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class SplitFile:
    front: str | None  # the YAML between the fences; None when there is none
    front_line: int  # line of the front matter's first line
    body: str
    body_line: int  # line of the body's first line
    fence_error: str = ""


def split_front_matter(text: str) -> SplitFile:
    """``---`` / YAML / ``---`` / body. Line numbers are kept so that YAML
    errors and key positions point into the file as the editor sees it."""
    if not text.startswith("---") or text[3:4] not in ("\n", "", " ", "\t"):
        return SplitFile(None, 1, text, 1, "the file must start with a '---' line opening the front matter")
    first_newline = text.find("\n")
    if first_newline < 0 or text[3:first_newline].strip():
        return SplitFile(None, 1, text, 1, "the file must start with a '---' line opening the front matter")
    match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, first_newline + 1)
    if match is None:
        return SplitFile(None, 2, "", 1, "the front matter is not closed by a '---' line")
    front = text[first_newline + 1 : match.start()]
    front_line = 2
    body_start = match.end() + 1
    body_line = front_line + front.count("\n") + 1
    return SplitFile(front, front_line, text[body_start:], body_line)
