"""Writing files so that a reader (or a killed process) never sees half of
one: a temporary file beside the target, then one atomic rename."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """``path`` holds ``data``, put there by one rename. The temporary
    file is named for the process (as link_atomic's: a build writes from
    one thread, and newsgen serve sweeps its own after Ctrl-C), and made
    as ``open`` makes files (mode 0666 less the umask): a file made by
    ``tempfile.mkstemp`` is 0600, and once published a web server running
    as another user could not read it."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with open(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
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
