"""Watching a site's inputs for the preview server.

The inputs are ``newsgen.yaml``, ``content/``, ``images/`` and ``themes/``.
A watcher answers one question, ``poll(timeout)``: which input files
changed (were written, created, deleted or renamed) since the last call?
It blocks until something changed or the timeout passed.

Two implementations give the same answers:

* ``InotifyWatcher`` (Linux): the kernel reports changes, so a save is seen
  at once and an idle preview costs no CPU. Used when available.
* ``PollingWatcher`` (everywhere else, and on file systems where inotify
  sees nothing, e.g. some network or container mounts; force it with
  ``NEWSGEN_WATCH=poll``): compares (mtime, size, inode) of every input
  file. A scan of 10,000 articles costs about 40 ms of CPU, so the interval
  grows with the scan time to keep an idle preview under ~10% of a core.

Editors' scratch files (``.foo.swp``, ``foo~``, ``.#foo``, vim's ``4913``)
and hidden files and folders are ignored: the build ignores them too.
"""

from __future__ import annotations

import ctypes
import os
import select
import struct
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

INPUTS = ("newsgen.yaml", "content", "images", "themes")
INPUT_DIRS = INPUTS[1:]
EVERYTHING = "*"  # a change set meaning "unknown: assume anything changed"


def is_ignored(name: str) -> bool:
    """Scratch and hidden files that never affect a build."""
    return not name or name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"


def _walk(root: Path, rel: str, skip: frozenset[str]) -> Iterable[tuple[str, os.DirEntry | None]]:
    """(rel path, entry) for the folder ``rel`` (entry None) and every file
    and folder under it; symlinked folders are not followed."""
    stack = [rel]
    while stack:
        folder = stack.pop()
        path = os.path.join(root, folder)
        if os.path.realpath(path) in skip:
            continue
        yield folder, None
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            if is_ignored(entry.name):
                continue
            child = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(child)
            else:
                yield child, entry


def scan(root: Path, skip: frozenset[str] = frozenset()) -> dict[str, tuple[int, int, int]]:
    """Every input file -> (mtime_ns, size, inode)."""
    found: dict[str, tuple[int, int, int]] = {}
    config = root / INPUTS[0]
    try:
        st = config.stat()
        found[INPUTS[0]] = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        pass
    for top in INPUT_DIRS:
        for rel, entry in _walk(root, top, skip):
            if entry is None:
                continue
            try:
                st = entry.stat()  # follows a link to a file: its target's changes count
            except OSError:
                continue
            found[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return found


def diff(old: dict, new: dict) -> set[str]:
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


class PollingWatcher:
    """Compares scans of the inputs; portable, costs a scan per interval."""

    def __init__(
        self,
        root: Path,
        skip: Iterable[Path] = (),
        stop: threading.Event | None = None,
        min_interval: float = 0.05,
        max_interval: float = 1.0,
    ):
        self.root = Path(root)
        self.skip = frozenset(os.path.realpath(p) for p in skip)
        self.stop = stop or threading.Event()
        self.min_interval, self.max_interval = min_interval, max_interval
        self.state: dict = {}
        self._scan()

    def _scan(self) -> set[str]:
        started = time.process_time()
        new = scan(self.root, self.skip)
        cost = time.process_time() - started
        self.interval = min(self.max_interval, max(self.min_interval, cost * 10))
        self.due = time.monotonic() + self.interval
        changed, self.state = diff(self.state, new), new
        return changed

    def poll(self, timeout: float | None = None) -> set[str]:
        """Scans every ``interval``; a finite timeout (a debounce window)
        also ends with a scan, so a burst's last change is not missed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.stop.is_set():
            wake = self.due if deadline is None else min(self.due, deadline)
            self.stop.wait(max(0.0, wake - time.monotonic()))
            if self.stop.is_set():
                break
            changed = self._scan()
            if changed or (deadline is not None and time.monotonic() >= deadline):
                return changed
        return set()

    def close(self) -> None:
        pass


# inotify(7) constants
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ONLYDIR, IN_ISDIR = 0x4000, 0x8000, 0x01000000, 0x40000000
WATCH_MASK = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
EVENT = struct.Struct("iIII")


class InotifyWatcher:
    """Linux inotify through ctypes: one watch per input folder."""

    def __init__(self, root: Path, skip: Iterable[Path] = (), stop: threading.Event | None = None):
        self.root = Path(root)
        self.skip = frozenset(os.path.realpath(p) for p in skip)
        self.stop = stop or threading.Event()
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.folders: dict[int, str] = {}  # watch descriptor -> folder ("" is the root)
        try:
            self._add(".", IN_ONLYDIR)
            for top in INPUT_DIRS:
                self._add_tree(top)
        except OSError:
            self.close()
            raise

    def _add(self, rel: str, extra: int = 0) -> None:
        path = os.fsencode(os.path.join(self.root, rel))
        wd = self.libc.inotify_add_watch(self.fd, path, WATCH_MASK | extra)
        if wd < 0:
            errno = ctypes.get_errno()
            if errno in (2, 20):  # ENOENT, ENOTDIR: gone meanwhile, or not a folder
                return
            raise OSError(errno, f"inotify_add_watch {rel}: {os.strerror(errno)}")
        self.folders[wd] = "" if rel == "." else rel

    def _add_tree(self, rel: str) -> set[str]:
        """Watch a folder and those under it; return the files found."""
        files = set()
        for child, entry in _walk(self.root, rel, self.skip):
            if entry is None:
                self._add(child, IN_ONLYDIR)
            else:
                files.add(child)
        return files

    def poll(self, timeout: float | None = None) -> set[str]:
        """Changes seen within ``timeout`` seconds (None: until some, or stop)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        changed: set[str] = set()
        while not changed and not self.stop.is_set():
            remaining = 0.25 if deadline is None else min(0.25, deadline - time.monotonic())
            if remaining <= 0:
                break
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                changed |= self._read_events()
        return changed

    def _read_events(self) -> set[str]:
        changed: set[str] = set()
        while True:
            try:
                data = os.read(self.fd, 256 * 1024)
            except BlockingIOError:
                return changed
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                name = os.fsdecode(data[offset + EVENT.size : offset + EVENT.size + length].rstrip(b"\0"))
                offset += EVENT.size + length
                changed |= self._event(wd, mask, name)

    def _event(self, wd: int, mask: int, name: str) -> set[str]:
        if mask & IN_Q_OVERFLOW:
            for top in INPUT_DIRS:
                self._add_tree(top)
            return {EVERYTHING}
        folder = self.folders.get(wd)
        if mask & IN_IGNORED:
            self.folders.pop(wd, None)
            return set()
        if folder is None or not name or is_ignored(name) or (folder == "" and name not in INPUTS):
            return set()
        rel = f"{folder}/{name}" if folder else name
        changed = {rel}
        if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
            changed |= self._add_tree(rel)  # files written before the watch existed
        elif mask & IN_ISDIR and mask & IN_MOVED_FROM:
            self._forget(rel)
        return changed

    def _forget(self, rel: str) -> None:
        for wd, folder in list(self.folders.items()):
            if folder == rel or folder.startswith(rel + "/"):
                self.libc.inotify_rm_watch(self.fd, wd)
                self.folders.pop(wd, None)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def make_watcher(root: Path, skip: Iterable[Path] = (), stop: threading.Event | None = None, mode: str = "auto"):
    """``auto``: inotify where the kernel has it, else polling."""
    mode = mode if mode != "auto" else os.environ.get("NEWSGEN_WATCH", "auto")
    skip = list(skip)
    if mode in ("auto", "inotify") and sys.platform.startswith("linux"):
        try:
            return InotifyWatcher(root, skip, stop)
        except (OSError, AttributeError):
            if mode == "inotify":
                raise
    return PollingWatcher(root, skip, stop)


def bursts(watcher, debounce: float, stop: threading.Event, longest: float = 1.0) -> Iterator[set[str]]:
    """The changes, one set per burst: after a change, more are collected
    until ``debounce`` seconds pass without one (at most ``longest``), so a
    save-all or a checkout is one build. Ends when ``stop`` is set."""
    while not stop.is_set():
        changed = watcher.poll()
        if not changed:
            continue
        quiet_until = time.monotonic() + debounce
        give_up = time.monotonic() + max(longest, debounce)
        while not stop.is_set() and (now := time.monotonic()) < min(quiet_until, give_up):
            more = watcher.poll(min(quiet_until, give_up) - now)
            if more:
                changed |= more
                quiet_until = time.monotonic() + debounce
        if not stop.is_set():
            yield changed
