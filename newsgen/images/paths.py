"""Paths that come from editors: resolved only inside their folders."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

IMAGES_DIR = "images"


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
