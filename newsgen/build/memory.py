"""What the build asks of the C allocator (glibc's malloc; elsewhere nothing).

CPython gives objects above 512 bytes, and NumPy its arrays, to malloc.
glibc maps each allocation above 128 KB anew and unmaps it on free, and
it keeps freed heap memory in the process; the build wants the opposite
in two places."""

from __future__ import annotations

import contextlib
import ctypes
import sys

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def keep_freed_memory() -> None:
    """For a process that makes and drops big arrays by the hundred (a
    search block's worker): they come from memory it keeps, not from pages
    the kernel maps and zeroes anew each time (a tenth of a block's time).
    Its memory is its peak anyway."""
    libc = _glibc()
    if libc is not None:
        with contextlib.suppress(OSError, AttributeError):
            libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)  # the most glibc takes
            libc.mallopt(M_TRIM_THRESHOLD, 1 << 30)
            libc.mallopt(M_TOP_PAD, 64 << 20)


def hand_back_freed_memory() -> None:
    """Give the system the freed memory the heap holds (malloc_trim): after
    a build let go of many objects at once that nothing will allocate again."""
    libc = _glibc()
    if libc is not None:
        with contextlib.suppress(OSError, AttributeError):
            libc.malloc_trim(0)
