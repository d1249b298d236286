"""Scan the site root and split article files into front matter and body."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = "content"
EDITION_FILE = "edition.yaml"


@dataclass(frozen=True)
class SourceFile:
    rel: str      # relative to the site root, forward slashes
    raw: bytes    # read once, at scan time: hashed for the fingerprint, then parsed

    def read(self) -> bytes:
        return self.raw


@dataclass(frozen=True)
class EditionFolder:
    name: str                           # the folder name: 2024-01-10
    edition: SourceFile | None          # its edition.yaml, if any
    articles: tuple[SourceFile, ...]    # its *.md files, sorted by name


def scan_content(root: Path) -> list[EditionFolder]:
    """Every folder under content/, sorted, with its files sorted by name.

    Symlinked folders and files are not followed: content is what is in
    the tree, and nothing outside it can be pulled in by a link."""
    content = root / CONTENT_DIR
    folders = []
    try:
        entries = sorted(os.scandir(content), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False) or entry.name.startswith("."):
            continue
        folders.append(_scan_edition_folder(entry.name, entry.path))
    return folders


def _scan_edition_folder(name: str, folder: str) -> EditionFolder:
    edition = None
    articles = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_file(follow_symlinks=False) or entry.name.startswith("."):
            continue
        rel = f"{CONTENT_DIR}/{name}/{entry.name}"
        if entry.name == EDITION_FILE:
            edition = SourceFile(rel, _read(entry.path))
        elif entry.name.endswith(".md"):
            articles.append(SourceFile(rel, _read(entry.path)))
    return EditionFolder(name, edition, tuple(articles))


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def fingerprint(folders: list[EditionFolder], root: Path, *extra: bytes) -> str:
    """A hash of every input of a build: content files, the stat of every
    file under images/ and whatever else the caller passes (config bytes,
    theme digest, options). Equal fingerprints mean an equal plan."""
    h = hashlib.blake2b(digest_size=16)
    for part in extra:
        h.update(part + b"\0")
    for folder in folders:
        for source in ((folder.edition,) if folder.edition else ()) + folder.articles:
            h.update(source.rel.encode() + b"\0")
            h.update(hashlib.blake2b(source.raw, digest_size=16).digest())
    for dirpath, dirnames, filenames in os.walk(root / "images"):
        dirnames.sort()
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            h.update(f"{dirpath}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class SplitFile:
    front: str | None    # the YAML between the fences; None when there is none
    front_line: int      # line of the front matter's first line
    body: str
    body_line: int       # line of the body's first line
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
    front = text[first_newline + 1:match.start()]
    front_line = 2
    body_start = match.end() + 1
    body_line = front_line + front.count("\n") + 1
    return SplitFile(front, front_line, text[body_start:], body_line)
