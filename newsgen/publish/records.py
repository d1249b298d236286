"""What a manifest records of each file newsgen wrote: enough to tell,
by a stat alone, whether the file is still the one it wrote."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


class FileRecord(NamedTuple):
    """On disk (marshal) a plain tuple; ``FileRecord(*t)`` reads it back."""

    key: str  # the task key of its bytes; "image" for an image file
    size: int
    mtime_ns: int
    inode: int  # -1: not known (a record from an older manifest)


UNKNOWN = FileRecord("", -1, -1, -1)  # a file newsgen may have written, in a state it does not know


def stamps(folder: Path, staged: dict[str, str], extra) -> dict[str, FileRecord]:
    """Records of the files just staged (output -> key) and the image files ``extra``."""
    files = {}
    for output, key in staged.items():
        files[output] = stamp(os.path.join(folder, output), key)
    for output in extra:
        files[output] = stamp(os.path.join(folder, output), "image")
    return files


def stamp(path, key: str) -> FileRecord:
    st = os.stat(path)
    return FileRecord(key, st.st_size, st.st_mtime_ns, st.st_ino)


def unchanged_on_disk(path: str, record: FileRecord) -> FileRecord | None:
    """The file's record when the file is as the record says (size, mtime
    and, when recorded, inode); None otherwise."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if st.st_size != record.size or st.st_mtime_ns != record.mtime_ns:
        return None
    if record.inode >= 0:
        return record if st.st_ino == record.inode else None
    return record._replace(inode=st.st_ino)  # a record from an older manifest


def outputs_intact(out: Path, files: dict[str, FileRecord]) -> bool:
    """Every file the last build wrote is there, as it wrote it."""
    folder = os.path.join(out, "")
    return all(unchanged_on_disk(folder + output, record) for output, record in files.items())
