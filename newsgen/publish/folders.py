"""Where a site may be built, and where its standby copy lives."""

from __future__ import annotations

import os
from pathlib import Path

from newsgen.errors import Diagnostic, error
from newsgen.i18n import msg

STANDBY_SUFFIX = ".newsgen-standby"


def standby_path(out: Path) -> Path:
    return out.parent / f".{out.name}{STANDBY_SUFFIX}"


def check_output_folder(root: Path, out: Path) -> list[Diagnostic]:
    """Refuse output folders whose cleaning could destroy anything else."""
    out_abs, root_abs = Path(os.path.abspath(out)), Path(os.path.abspath(root))
    home = Path(os.path.expanduser("~")).resolve()
    resolved = out_abs.resolve()
    bad = {Path("/"): "/", home: "the home folder", root_abs.resolve(): "the site root"}
    for folder in ("content", "images", "themes"):
        bad[(root_abs / folder).resolve()] = f"the {folder} folder"
    for path, name in bad.items():
        if resolved == path:
            return [
                error(
                    str(out),
                    0,
                    0,
                    msg("refusing to build into {name}", name=name),
                    msg("choose an output folder such as site/"),
                )
            ]
    for folder in ("content", "images", "themes"):
        if (root_abs / folder).resolve() in resolved.parents:
            return [error(str(out), 0, 0, msg("refusing to build into the {folder} folder", folder=folder))]
    if resolved.is_dir() and ((resolved / "newsgen.yaml").exists() or (resolved / "content").is_dir()):
        return [
            error(str(out), 0, 0, msg("refusing to build into a folder that holds a site (newsgen.yaml or content/)"))
        ]
    if resolved.exists() and not resolved.is_dir():
        return [error(str(out), 0, 0, msg("the output path exists and is not a folder"))]
    standby = standby_path(resolved)
    if standby.is_symlink() or (standby.exists() and not standby.is_dir()):
        return [
            error(
                str(out),
                0,
                0,
                msg("{standby} is in the way", standby=standby),
                msg("newsgen keeps a standby copy of the site there: remove that file"),
            )
        ]
    return []
