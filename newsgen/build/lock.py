"""One build at a time per output folder: a lock beside it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg

try:
    import fcntl
except ImportError:  # not on Windows: builds are then not locked
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def one_build_at_a_time(out: Path, shown: str, write: bool) -> Iterator[Diagnostic | None]:
    """Two builds writing one output folder would tangle its generations:
    the second is refused (the error it yields) while the first holds a
    lock beside the folder. ``shown``: the folder as the user named it."""
    if not write or fcntl is None:
        yield None
        return
    out = Path(os.path.abspath(out))
    try:
        lock = open(out.parent / f".{out.name}.newsgen-lock", "a+b")
    except OSError:
        yield None  # a folder we cannot write beside: publishing reports what follows
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield error(
                shown, 0, 0, msg("another newsgen build is writing to this folder"), msg("wait for it to finish")
            )
            return
        yield None
