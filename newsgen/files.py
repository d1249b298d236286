"""Writing files so that a reader (or a killed process) never sees half of
one: a temporary file beside the target, then one atomic rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the bytes differ (the file keeps its mtime
    otherwise, so deploy tools that sync by mtime copy nothing); True when
    it wrote."""
    try:
        if os.path.getsize(path) == len(data) and Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def link_atomic(source: Path, target: Path) -> None:
    """``target`` becomes a hard link of ``source`` (a copy where links fail:
    another file system), in one atomic rename."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copy2(source, tmp)
    os.replace(tmp, target)


def inode_of(path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None
