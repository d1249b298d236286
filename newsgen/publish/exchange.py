"""Swapping two folders in one step (Linux renameat2 RENAME_EXCHANGE),
and flushing a file system before it."""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

AT_FDCWD, RENAME_EXCHANGE = -100, 2


def _libc_function(name: str, *argtypes):
    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes, function.restype = argtypes, ctypes.c_int
    return function


renameat2 = _libc_function("renameat2", ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)


_syncfs = _libc_function("syncfs", ctypes.c_int)


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE)."""
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available (it needs Linux 3.15 and glibc 2.28)")
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def exchange_unavailable(out: Path) -> str:
    """Why site/ cannot be swapped with a folder beside it ('' when it can)."""
    parent = out.parent
    try:
        if os.stat(out).st_dev != os.stat(parent).st_dev:
            return f"{out} is a mount point"
    except OSError as exc:
        return str(exc)
    probe = parent / f".{out.name}.newsgen-probe-{os.getpid()}"
    a, b = probe.with_name(probe.name + "a"), probe.with_name(probe.name + "b")
    try:
        a.mkdir()
        b.mkdir()
        exchange(a, b)
        return ""
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        for folder in (a, b):
            try:
                folder.rmdir()
            except OSError:
                pass


def flush(folder: Path) -> None:
    """Write the dirty data of the folder's file system to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _syncfs is None or _syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def same_device(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False
