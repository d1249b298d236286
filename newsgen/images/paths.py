"""Paths that come from editors: resolved only inside their folders."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

IMAGES_DIR = "images"
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def safe_image_path(root: Path, ref: str) -> tuple[Path | None, str]:
    """images/<ref> as an existing file inside images/, or (None, reason)."""
    if not ref or "\x00" in ref or "\\" in ref:
        return None, f"invalid image path '{ref}'"
    pure = PurePosixPath(ref)
    if pure.is_absolute() or ".." in pure.parts:
        return None, f"image path '{ref}' escapes {IMAGES_DIR}/"
    images = (root / IMAGES_DIR).resolve()
    path = images / pure
    try:
        real = path.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        return None, f"image not found: {IMAGES_DIR}/{ref}"
    except (OSError, RuntimeError) as exc:
        return None, f"cannot read image {IMAGES_DIR}/{ref}: {exc}"
    if images not in real.parents:
        return None, f"image path '{ref}' escapes {IMAGES_DIR}/ (through a link)"
    if not real.is_file():
        return None, f"image not found: {IMAGES_DIR}/{ref} is not a file"
    return real, ""


def resolve_source(images_dir: Path, ref: str) -> tuple[Path | None, str]:
    """The absolute path of ``ref`` under ``images_dir``, or (None, reason).

    Refused: NUL bytes, absolute paths (POSIX or Windows), ``~``, ``..`` or a
    symlink that leads outside images/, a missing file, a folder.  A ``..``
    that stays inside (``a/../b.jpg``) is accepted."""
    if "\x00" in ref:
        return None, f"image path contains a NUL byte: {ref!r}"
    if not ref.strip():
        return None, "empty image path"
    escape = f"path escapes images/: {ref}"
    if ref.startswith(("/", "\\", "~")) or _WINDOWS_DRIVE.match(ref):
        return None, escape
    root = Path(images_dir).resolve()
    try:
        real = (root / ref).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None, f"image file not found: images/{ref}"
    if real != root and root not in real.parents:
        return None, escape
    try:
        if not real.exists():
            return None, f"image file not found: images/{ref}"
        if not real.is_file():
            return None, f"image path is a folder, not a file: images/{ref}"
    except OSError as e:
        return None, f"cannot read image file: images/{ref} ({e.strerror or e})"
    return real, ""
