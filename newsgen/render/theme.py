"""Themes: template and static-file lookup with overrides, the Jinja
environment, and the theme's digest (part of every output's cache key).

Lookup order: the site's ``themes/<name>/``, then its ``themes/default/``,
then the default theme shipped with newsgen. A site can so override a
single template or static file by giving one with the same name.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
from dataclasses import dataclass
from pathlib import Path

from newsgen.codeid import CODE_ID
from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg


def builtin_themes() -> Path:
    """The themes shipped with newsgen: package data of an installed wheel
    (newsgen/themes/, mapped from the repository's themes/ by pyproject.toml),
    or the repository's own themes/ when newsgen runs from a checkout."""
    shipped = Path(str(importlib.resources.files("newsgen"))) / "themes"
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # most specific first; each has templates/ and/or static/

    @property
    def template_dirs(self) -> list[str]:
        return [str(f / "templates") for f in self.folders if (f / "templates").is_dir()]

    def static_files(self) -> dict[str, Path]:
        """Output name -> file, the most specific theme winning. Links that
        lead out of the theme's static folder are not followed: a theme
        cannot publish /etc/passwd by linking to it."""
        files: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            real_static = static.resolve()
            for dirpath, dirnames, filenames in os.walk(static):
                dirnames.sort()
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if path.is_symlink() and real_static not in path.resolve().parents:
                        continue
                    files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))

    def static_digest(self) -> str:
        """Changes when a static file changes: the version in asset URLs."""
        h = hashlib.blake2b(digest_size=16)
        for name, path in self.static_files().items():
            h.update(name.encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    def digest(self) -> str:
        """Changes when any template, static file or newsgen itself changes."""
        return self._digest

    @functools.cached_property
    def _digest(self) -> str:
        # Read once per build: the fingerprint and every task key use it.
        h = hashlib.blake2b(digest_size=16)
        h.update(CODE_ID.encode())
        for folder in self.folders:
            for sub in ("templates", "static"):
                base = folder / sub
                for dirpath, dirnames, filenames in os.walk(base):
                    dirnames.sort()
                    for name in sorted(filenames):
                        path = Path(dirpath) / name
                        h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                        h.update(path.read_bytes())
        return h.hexdigest()


def find_theme(root: Path, name: str) -> tuple[Theme | None, list[Diagnostic]]:
    candidates = [root / "themes" / name]
    if name != "default":
        candidates.append(root / "themes" / "default")
    candidates.append(builtin_themes() / "default")
    folders = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    if not (root / "themes" / name).is_dir() and name != "default":
        return None, [error("newsgen.yaml", 0, 0, msg("theme '{name}' not found in themes/", name=name))]
    if not folders:
        return None, [error("themes", 0, 0, msg("the default theme is missing"))]
    return Theme(name, tuple(folders)), []
