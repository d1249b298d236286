"""File-tree work on the two generations: scanning, removing, hard
linking, mirroring the hand-placed top-level entries of site/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

TEMPORARY = re.compile(r"(?:^|/)\.[^/]+\.\d+\.tmp$")  # an atomic write's temporary file (images.py)


def tops(outputs) -> set[str]:
    return {output.partition("/")[0] for output in outputs}


def make_standby(standby: Path, live: Path) -> None:
    """The standby folder exists, with site/'s permissions (it becomes site/)."""
    try:
        standby.mkdir()
    except FileExistsError:
        pass
    want, have = os.stat(live), os.stat(standby)
    if (want.st_mode, want.st_gid) != (have.st_mode, have.st_gid):
        os.chmod(standby, want.st_mode & 0o7777)
        try:
            os.chown(standby, -1, want.st_gid)
        except OSError:
            pass


def scan(folder: Path, tops: set[str]) -> dict[str, int]:
    """output -> inode of every file under the folder's top-level entries
    named in ``tops``; empty folders met on the way are removed."""
    found: dict[str, int] = {}

    def walk(path: str, prefix: str) -> bool:  # True when left empty
        remaining = 0
        with os.scandir(path) as entries:
            children = list(entries)
        for entry in children:
            if entry.is_dir(follow_symlinks=False):
                if walk(entry.path, f"{prefix}{entry.name}/"):
                    try:
                        os.rmdir(entry.path)
                        continue
                    except OSError:
                        pass
            else:
                found[prefix + entry.name] = entry.inode()
            remaining += 1
        return remaining == 0

    with os.scandir(folder) as entries:
        top = [entry for entry in entries if entry.name in tops]
    for entry in top:
        if entry.is_dir(follow_symlinks=False):
            if walk(entry.path, entry.name + "/"):
                os.rmdir(entry.path)
        else:
            found[entry.name] = entry.inode()
    return found


def hand_placed(live: Path, ours: set[str]) -> set[str]:
    with os.scandir(live) as entries:
        return {entry.name for entry in entries if entry.name not in ours}


def remove(path: Path) -> None:
    """Remove a file (or whatever is in its place) from a folder newsgen owns."""
    try:
        os.unlink(path)
    except IsADirectoryError:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass
    except PermissionError:
        if not os.path.isdir(path) or os.path.islink(path):
            raise
        shutil.rmtree(path)


def remove_empty_parents(folder: Path, output: str) -> None:
    parent = os.path.dirname(output)
    while parent:
        try:
            os.rmdir(os.path.join(folder, parent))  # only succeeds when empty
        except OSError:
            return
        parent = os.path.dirname(parent)


def link_from_live(live: Path, standby: Path, output: str, made: set[str]) -> None:
    """standby/output becomes a hardlink of live/output."""
    source, target = os.path.join(live, output), os.path.join(standby, output)
    parent = os.path.dirname(output)
    if parent and parent not in made:
        _make_folders(standby, parent)
        made.add(parent)
    try:
        os.link(source, target)
    except FileExistsError:
        remove(Path(target))
        os.link(source, target)


def _make_folders(folder: Path, rel: str) -> None:
    """folder/rel exists as a folder; files in the way (in a folder newsgen owns) are removed."""
    path = folder
    for part in rel.split("/"):
        path = path / part
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir() or path.is_symlink():
                path.unlink()
                path.mkdir()


def merge_tree(source: Path, target: Path) -> None:
    """Move every file of ``source`` to the same place under ``target``.
    A folder whose counterpart does not exist yet moves in one rename (a
    first build moves a few hundred folders, not tens of thousands of files)."""
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            destination = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                if destination.is_dir() and not destination.is_symlink():
                    merge_tree(Path(entry.path), destination)
                    continue
                if destination.exists() or destination.is_symlink():
                    destination.unlink()  # a file where a folder now goes: one we wrote before
            elif destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)  # a folder where a file now goes
            os.replace(entry.path, destination)


def mirror_top(live: Path, standby: Path, ours_live: set[str], ours_standby: set[str]) -> None:
    """Every top-level entry of site/ that newsgen did not write is in the
    standby too (hardlinks, recursively); mirrors of entries that are gone
    from site/ are removed."""
    with os.scandir(live) as entries:
        there = {entry.name: entry for entry in entries if entry.name not in ours_live}
    with os.scandir(standby) as entries:
        here = {entry.name: entry for entry in entries if entry.name not in ours_standby}
    for name, entry in there.items():
        _mirror(entry, standby / name, here.get(name))
    for name, entry in here.items():
        if name not in there:
            _remove_entry(entry)


def _mirror(source: os.DirEntry, target: Path, existing: os.DirEntry | None) -> None:
    if source.is_dir(follow_symlinks=False):
        if existing is not None and not existing.is_dir(follow_symlinks=False):
            _remove_entry(existing)
            existing = None
        if existing is None:
            target.mkdir()
            shutil.copymode(source.path, target)
        with os.scandir(source.path) as entries:
            there = {entry.name: entry for entry in entries}
        with os.scandir(target) as entries:
            here = {entry.name: entry for entry in entries}
        for name, entry in there.items():
            _mirror(entry, target / name, here.get(name))
        for name, entry in here.items():
            if name not in there:
                _remove_entry(entry)
        return
    if existing is not None:
        if not existing.is_dir(follow_symlinks=False) and (
            existing.inode() == source.inode() or _same_copy(source, existing)
        ):
            return
        _remove_entry(existing)
    try:
        os.link(source.path, target, follow_symlinks=False)
    except OSError:  # not ours to link (protected_hardlinks), or a file system without links
        shutil.copy2(source.path, target, follow_symlinks=False)


def _same_copy(source: os.DirEntry, existing: os.DirEntry) -> bool:
    try:
        a, b = source.stat(follow_symlinks=False), existing.stat(follow_symlinks=False)
    except OSError:
        return False
    return (a.st_mode, a.st_size, a.st_mtime_ns) == (b.st_mode, b.st_size, b.st_mtime_ns) and not os.path.islink(
        source.path
    )


def _remove_entry(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)
